export * from './builder-options';
export * from './dicom-builder';
export { SOP_CLASS as BUILDER_SOP_CLASS } from './modality-profiles';
