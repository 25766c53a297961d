/*
`tagdeck serve` as a user starts it: the built command line in a process of
its own, on 127.0.0.1 and the free port it picks (`--port 0`), ready once its
banner is printed. For tests and the bench.
*/
import {type ChildProcess, spawn} from 'node:child_process';
import {cliPath, projectRoot} from './cli-run.js';

export type ServeProcess = {
	child: ChildProcess;
	/** The port it printed it answers on. */
	port: number;
	/** The banner's first line. */
	banner: string;
	/** All it printed so far. */
	stdout(): string;
	stderr(): string;
	/** Sends SIGINT (Ctrl-C) and waits for the exit code. */
	interrupt(): Promise<number | null>;
};

/**
Starts `tagdeck serve …args` with exactly this environment and waits for its
banner (the lines up to "Ctrl-C stops it."); fails if it ends first.
*/
export async function startServeProcess(
	args: string[],
	options: {env: Record<string, string>; cwd?: string},
): Promise<ServeProcess> {
	const child = spawn(process.execPath, [cliPath, 'serve', ...args], {
		cwd: options.cwd ?? projectRoot,
		env: options.env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	let error = '';
	child.stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString('utf8');
	});
	child.stderr.on('data', (chunk: Buffer) => {
		error += chunk.toString('utf8');
	});
	const exited = new Promise<number | null>((resolve) => {
		child.on('close', resolve);
	});
	await new Promise<void>((resolve, reject) => {
		child.stdout.on('data', () => {
			if (out.includes('Ctrl-C stops it.')) resolve();
		});
		void exited.then((code) => {
			reject(
				new Error(
					`tagdeck serve ended (${String(code)}) before it answered:\n${out}\n${error}`,
				),
			);
		});
	});
	const banner = out.split('\n')[0]!;
	const port = Number(/:(?<port>\d+)$/v.exec(banner)?.groups?.port);
	return {
		child,
		port,
		banner,
		stdout: () => out,
		stderr: () => error,
		async interrupt() {
			if (child.exitCode === null) child.kill('SIGINT');
			return exited;
		},
	};
}
