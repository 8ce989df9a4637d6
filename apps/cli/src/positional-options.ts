import { Command, Option } from 'commander';

/**
 * With positional options (`program.enablePositionalOptions()`), an option given before the
 * subcommand belongs to the program and one given after it to the subcommand. That is
 * what lets `gantry recover … --key <private.pem>` name the recipient's private key while
 * `gantry --key <file> …` names the deployment key. So that `gantry import ./in --data d`
 * keeps working, every subcommand (at any depth) also accepts the program's options,
 * unless it defines an option of the same name itself (as `recover` does with --key).
 */
export function inheritGlobalOptions(program: Command): void {
  const visit = (parent: Command): void => {
    for (const sub of parent.commands) {
      for (const o of program.options) {
        if (!sub.options.some((own) => own.long === o.long)) sub.addOption(new Option(o.flags, o.description));
      }
      visit(sub);
    }
  };
  visit(program);
}
