import {isIP} from 'node:net';
import {startServer} from '../serve/server.js';
import {actingAs, dbFlag, openStore, UsageError} from './context.js';
import {defineCommand} from './spec.js';

const help = `
	Usage
	  $ tagdeck serve [--port 8080] [--host 127.0.0.1] [--quiet]

	Answers Alibaba Cloud API calls over HTTP on the world file, as the cloud's
	endpoints would (docs/api.md): the Tag API (version 2018-08-28) and ECS's
	(2014-05-26), signed with signature V1 or V3. Point an SDK or a script at
	http://127.0.0.1:8080 to rehearse it on the simulated account first.

	Requests are signed with the account's AccessKey (tagdeck ram keys --root)
	or a RAM user's (tagdeck ram user create NAME --access-key), whose policies
	then decide each call. Every change is a step of the log, named by its
	action, that tagdeck undo reverses; a UI open on the same file shows it.

	It listens on 127.0.0.1 unless --host says otherwise. A line per request is
	printed (time, status, product:action, who, milliseconds, code); --quiet
	leaves them out. Ctrl-C stops it, after the change in progress.

	Options
	  --port N      The port (default 8080; 0 picks a free one)
	  --host ADDR   The address to listen on (default 127.0.0.1)
	  --quiet       Do not print a line per request
	  --db FILE     The world file

	Examples
	  $ tagdeck serve
	  $ tagdeck ram keys --root --json
	  $ tagdeck serve --port 9000 --db rehearsal.json
	`;

const flags = {
	...dbFlag,
	port: {type: 'string', default: '8080'},
	host: {type: 'string', default: '127.0.0.1'},
	quiet: {type: 'boolean', default: false},
} as const;

function portOf(text: string): number {
	if (!/^\d{1,5}$/v.test(text) || Number(text) > 65_535) {
		throw new UsageError(
			`--port must be a whole number from 0 to 65535, not "${text}".`,
		);
	}

	return Number(text);
}

/**
The warning for an address other machines may reach, or undefined for a
loopback one (127.0.0.0/8, ::1, and 127.x written as IPv6).
*/
export function addressWarning(host: string): string | undefined {
	const loopback =
		host === 'localhost' ||
		host === '::1' ||
		host.startsWith('127.') ||
		host.toLowerCase().startsWith('::ffff:127.');
	return loopback
		? undefined
		: `Warning: listening on ${host}, not only this machine: anyone who can reach it and holds a key of this world can change it.`;
}

export default defineCommand({
	name: 'serve',
	summary: 'Answer the Tag and ECS APIs over HTTP, for SDKs and scripts',
	help,
	flags,
	async run(cli) {
		if (cli.input.length > 0) {
			throw new UsageError(
				`tagdeck serve takes no arguments ("${cli.input[0]}"); see tagdeck serve --help.`,
			);
		}

		if (actingAs() !== undefined) {
			throw new UsageError(
				"tagdeck serve acts as whoever signs each request: the account's AccessKey (tagdeck ram keys --root) or a RAM user's. Leave out --as.",
			);
		}

		const port = portOf(cli.flags.port);
		const {host} = cli.flags;
		if (host !== 'localhost' && isIP(host) === 0) {
			throw new UsageError(
				`--host must be an IP address to listen on (127.0.0.1, ::1, 0.0.0.0), not "${host}".`,
			);
		}

		const store = openStore(cli.flags.db);
		let serving;
		try {
			serving = await startServer({
				store,
				host,
				port,
				log: cli.flags.quiet
					? undefined
					: (line) => {
							process.stdout.write(`${line}\n`);
						},
				fault(error) {
					process.stderr.write(
						`tagdeck serve: a request failed inside tagdeck (answered 500 InternalError): ${(error as Error)?.stack ?? String(error)}\n`,
					);
				},
			});
		} catch (error) {
			const {code} = error as NodeJS.ErrnoException;
			if (code === 'EADDRINUSE') {
				throw new UsageError(
					`Port ${port} on ${host} is in use (another tagdeck serve?): choose another with --port, or --port 0 for any free one.`,
				);
			}

			if (code === 'EADDRNOTAVAIL' || code === 'EACCES') {
				throw new UsageError(
					`Cannot listen on ${host} port ${port} (${code}): ${code === 'EACCES' ? 'ports below 1024 need privileges; use --port 8080' : 'that address is not one of this machine’s'}.`,
				);
			}

			throw error;
		}

		const shown = serving.host.includes(':')
			? `[${serving.host}]`
			: serving.host;
		const lines = [
			`tagdeck serve: listening on http://${shown}:${serving.port}`,
			'  answers:  the Tag API (2018-08-28) and ECS (2014-05-26), RPC style',
			`  world:    ${store.path}`,
			"  sign with the account's AccessKey (tagdeck ram keys --root) or a RAM user's",
			`  SDKs:     endpoint ${shown}:${serving.port}, protocol HTTP (docs/api.md has an example)`,
			'  Ctrl-C stops it.',
		];
		const warning = addressWarning(serving.host);
		if (warning) lines.push(`  ${warning}`);

		process.stdout.write(`${lines.join('\n')}\n`);
		await new Promise<void>((resolve) => {
			const stop = () => {
				process.off('SIGINT', stop);
				process.off('SIGTERM', stop);
				resolve();
			};

			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		});
		await serving.close();
		process.stdout.write('tagdeck serve: stopped.\n');
		return 0;
	},
});
