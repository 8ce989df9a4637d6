import { GantryError } from '@gantry/domain';
import { RunningStack, startStack } from './stack';
import { parseStackArgs, STACK_USAGE, StackOptions } from './stack-options';
import { Replica } from './service-supervisor';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

function report(o: StackOptions, stack: RunningStack): void {
  if (o.json) {
    out(JSON.stringify({ event: 'ready', env: stack.env, envFile: stack.envFile, replicas: stack.replicas }));
    return;
  }
  out('Gantry stack is ready:');
  for (const r of stack.replicas) out(`  ${`${r.stage}-${r.index}`.padEnd(14)} ${r.url}${r.scpPort !== undefined ? `  C-STORE port ${r.scpPort} (AE GANTRY)` : ''}  log ${r.logFile}`);
  out('');
  out(`Use the gantry command against it (also in ${stack.envFile}):`);
  for (const [k, v] of Object.entries(stack.env)) out(`  export ${k}='${v}'`);
  out('');
  out('Then e.g. `npx gantry import ./samples && npx gantry status`. Ctrl-C stops every service.');
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    out(STACK_USAGE);
    return;
  }
  const o = parseStackArgs(process.argv.slice(2));
  const onExit = (r: Replica, code: number | null): void =>
    void process.stderr.write(`gantry-stack: ${r.stage}-${r.index} exited (${code ?? 'signal'}); restarting it (log ${r.logFile})\n`);
  const stack = await startStack(o, onExit);
  report(o, stack);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void stack.stop().then((codes) => {
      if (o.json) out(JSON.stringify({ event: 'stopped', codes }));
      else out(`stopped ${codes.length} services`);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`gantry-stack: ${e instanceof GantryError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
