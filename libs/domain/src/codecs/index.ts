export * from './codec-error';
export { codecSyntax, DECODABLE_ENCAPSULATED_SYNTAXES, type CodecFamily, type CodecSyntax } from './codec-syntaxes';
export * from './decode-frames';
export * from './encode-frames';
export { wasLossyCompressed } from './lossy-history';
export * from './pixel-info';
export { initializeCodecs } from './wasm-codecs';
