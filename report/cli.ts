#!/usr/bin/env node
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { runDriftReport, type DriftOptions } from "./driftReport";
import { exitCodes } from "./findings";

/**
 * `declarative-backups drift`: what drifted and whether backups are healthy, for the stacks of the
 * project in the current folder, on the backend the user is logged in to. Exit codes as
 * `terraform plan -detailed-exitcode`: 0 clean, 2 drift or unhealthy, 1 error.
 */
function positiveNumber(name: string) {
    return (value: string) => {
        const n = Number(value);
        if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number; got ${JSON.stringify(value)}`);
        return n;
    };
}

function stackRpo(value: string, previous: Record<string, number> = {}): Record<string, number> {
    const m = /^([^=]+)=(\d+(?:\.\d+)?)$/.exec(value);
    if (!m || Number(m[2]) <= 0) throw new InvalidArgumentError(`--stack-rpo takes <stack>=<hours>, such as prod=26; got ${JSON.stringify(value)}`);
    return { ...previous, [m[1]]: Number(m[2]) };
}

const program = new Command()
    .name("declarative-backups")
    .description("Drift and backup health of the stacks that use declarative-backups.")
    .showHelpAfterError();

program
    .command("drift")
    .description("Refresh-preview each stack (no state is written, the program is not run): fields that drifted, resources deleted out of band, and unhealthy backups.")
    .option("-s, --stack <name...>", "stacks to check (default: every stack of the project)", [])
    .option("-C, --cwd <dir>", "the project folder (its Pulumi.yaml)", process.cwd())
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json", "markdown", "junit"]).default("table"))
    .option("-o, --output <file>", "write the report to a file (besides the table on stdout, when the format is not table)")
    .option("--rpo-hours <hours>", "recovery point objective: the newest backup may be at most this old", positiveNumber("--rpo-hours"), 26)
    .option("--stack-rpo <stack=hours>", "recovery point objective of one stack (repeatable)", stackRpo, {})
    .option("--sas-warning-days <days>", "a SAS expiring within this many days is unhealthy", positiveNumber("--sas-warning-days"), 14)
    .option("--no-progress", "no progress bar on stderr")
    .action(async (opts) => {
        const options: DriftOptions = {
            workDir: path.resolve(opts.cwd),
            stacks: opts.stack,
            rpoHours: opts.rpoHours,
            stackRpoHours: opts.stackRpo,
            sasWarningDays: opts.sasWarningDays,
            progress: opts.progress,
        };
        if (!fs.existsSync(path.join(options.workDir, "Pulumi.yaml")) && !fs.existsSync(path.join(options.workDir, "Pulumi.yml"))) {
            process.stderr.write(`error: no Pulumi.yaml in ${options.workDir}: run it in the project folder, or pass --cwd\n`);
            process.exitCode = exitCodes.error;
            return;
        }
        const { exitCode, rendered, table } = await runDriftReport(options, opts.format);
        if (opts.output) {
            fs.writeFileSync(opts.output, rendered);
            process.stdout.write(table);
        } else {
            process.stdout.write(rendered);
        }
        process.exitCode = exitCode;
    });

program.parseAsync(process.argv).catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = exitCodes.error;
});
