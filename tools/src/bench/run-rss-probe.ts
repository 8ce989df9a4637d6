import { writeFileSync } from 'node:fs';

/**
 * Preloaded into the measured `gantry run` (node --require): on exit, writes the process's
 * peak resident set (KiB, worker threads such as the embedded database included) to the
 * file GANTRY_BENCH_RSS_FILE names. The command itself is not changed for the benchmark.
 */
const file = process.env['GANTRY_BENCH_RSS_FILE'];
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
