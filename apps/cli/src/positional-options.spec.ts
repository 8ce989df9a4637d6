import { Command } from 'commander';
import { buildProgram } from './program';

/** The program with one subcommand's action replaced by a recorder of what it was given. */
function parsed(path: readonly string[], argv: readonly string[]): Promise<{ own: Record<string, unknown>; all: Record<string, unknown>; args: unknown[] }> {
  const program = buildProgram();
  let target: Command = program;
  for (const name of path) target = target.commands.find((c) => c.name() === name) as Command;
  return new Promise((resolve, reject) => {
    target.action((...args: unknown[]) => {
      const cmd = args.at(-1) as Command;
      resolve({ own: cmd.opts(), all: cmd.optsWithGlobals(), args: args.slice(0, -2) });
    });
    program.parseAsync([...argv], { from: 'user' }).catch(reject);
  });
}

describe('gantry option parsing (positional options)', () => {
  it("reads recover's --key as the recipient's private key, and a --key before it as the deployment key", async () => {
    const r = await parsed(['recover'], ['--key', 'deploy.key', 'recover', 'in', '--key', 'private.pem', '--out', 'out']);
    expect(r.own).toMatchObject({ key: 'private.pem', out: 'out' });
    expect(r.args).toEqual([['in']]);
    const alone = await parsed(['recover'], ['recover', 'in', '--out', 'out', '--key', 'private.pem']);
    expect(alone.own['key']).toBe('private.pem');
  });

  it('still takes the global options after any subcommand, at any depth', async () => {
    expect((await parsed(['import'], ['import', 'a', 'b', '--data', 'd', '--key', 'k', '--json'])).all).toMatchObject({ data: 'd', key: 'k', json: true });
    expect((await parsed(['import'], ['--data', 'd', 'import', 'a'])).all).toMatchObject({ data: 'd' });
    expect((await parsed(['config', 'show'], ['config', 'show', '--json', '--data', 'd'])).all).toMatchObject({ data: 'd', json: true });
    expect((await parsed(['mapping', 'export'], ['mapping', 'export', '--key', 'deploy.key', '--csv'])).all).toMatchObject({ key: 'deploy.key', csv: true });
  });
});
