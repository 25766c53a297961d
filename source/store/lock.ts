import {createHash, randomBytes} from 'node:crypto';
import fs from 'node:fs';
import {
	mkdir,
	readdir,
	rename,
	rmdir,
	stat,
	unlink,
	writeFile,
} from 'node:fs/promises';
import {hostname} from 'node:os';
import {dirname, join} from 'node:path';
import {callbackify} from 'node:util';
import lockfile from 'proper-lockfile';
import {WorldFileError} from './errors.js';
import {folderError, folderProblem} from './paths.js';

/** What a taken lock gives: a check that it is still ours, and its release. */
export type Held = {stillOurs: () => void; release: () => Promise<void>};

/** A lock not kept fresh for this long is taken over, whoever holds it. */
const staleMs = 10_000;

const lockOptions = {realpath: false, stale: staleMs, update: 2000};

/** Tries for a held lock, 5 ms apart growing to 150 ms (randomised): about a minute. */
const lockTries = 400;

async function lockWait(attempt: number) {
	const ms = Math.min(150, 5 * 1.2 ** attempt) * (1 + Math.random());
	return new Promise((resolve) => {
		setTimeout(resolve, ms);
	});
}

let thisMachine: string | undefined;

/**
This machine, as far as process IDs go: the host name and, where there is one,
the process-ID namespace (containers on one host can share a folder).
*/
function machine(): string {
	if (thisMachine === undefined) {
		let namespace = '';
		try {
			namespace = fs.readlinkSync('/proc/self/ns/pid');
		} catch {}

		thisMachine = createHash('sha256')
			.update(`${hostname()}\n${namespace}`)
			.digest('hex')
			.slice(0, 12);
	}

	return thisMachine;
}

/**
The record of who holds a lock: an empty file in the lock folder named
`<pid>-<machine>-<token>`, the token being unique to that lock.
*/
const recordPattern =
	/^(?<pid>\d+)-(?<machine>[\da-f]{12})-(?<token>[\da-f]{16})$/v;

function recordName(pid: number, token: string): string {
	return `${pid}-${machine()}-${token}`;
}

/** Whether a process with this ID runs on this machine. */
function running(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code !== 'ESRCH';
	}
}

/**
The file system as proper-lockfile sees it: the lock folder is made together
with its record (before proper-lockfile sets the folder's time, which it then
watches) and the record is removed with the folder (on release and on exit).
*/
function recordingFs(record: string) {
	return {
		...fs,
		mkdir: callbackify(async (path: string) => {
			await mkdir(path);
			try {
				await writeFile(join(path, record), '', {flag: 'wx'});
			} catch (error) {
				await rmdir(path).catch(() => undefined);
				// The folder was removed before the record was in it (a holder
				// letting go of a lock it lost): as if held, so the lock is tried again.
				if ((error as NodeJS.ErrnoException).code === 'ENOENT')
					throw Object.assign(new Error(`EEXIST: ${path}`), {code: 'EEXIST'});
				throw error;
			}
		}),
		rmdir: callbackify(async (path: string) => {
			await unlink(join(path, record)).catch(() => undefined);
			await rmdir(path);
		}),
		rmdirSync(path: string) {
			try {
				fs.unlinkSync(join(path, record));
			} catch {}

			fs.rmdirSync(path);
		},
	};
}

/**
Clears a lock left behind: its holder on this machine has ended (a process
that exits lets go of its lock; one killed with SIGKILL cannot), or it was not
kept fresh for `staleMs` (a holder elsewhere, or a stuck one). Renaming the
holder's record to one's own is atomic and the record's name is unique to that
lock, so of several waiters only one clears it, and never a lock taken since.
Returns whether the lock is gone.
*/
async function clearAbandoned(lockPath: string): Promise<boolean | 'foreign'> {
	try {
		const names = await readdir(lockPath);
		const {mtimeMs} = await stat(lockPath);
		const age = Date.now() - mtimeMs;
		const holder =
			names.length === 1 ? recordPattern.exec(names[0]!)?.groups : undefined;
		// Stale, and not as tagdeck leaves it: never removed blindly, and never waited on.
		if (!holder) return age > staleMs && names.length > 0 ? 'foreign' : false;
		const ended = holder.machine === machine() && !running(Number(holder.pid));
		if (!ended && age <= staleMs) return false;
		const claim = recordName(process.pid, holder.token!);
		await rename(join(lockPath, names[0]!), join(lockPath, claim));
		// The rename made the folder fresh: nobody else removes it now.
		await unlink(join(lockPath, claim));
		await rmdir(lockPath);
		return true;
	} catch (error) {
		// Gone already, or another waiter cleared it first.
		return (error as NodeJS.ErrnoException).code === 'ENOENT';
	}
}

/**
Takes the inter-process lock of the world file at `file` (`name`: the file as
the user named it, for messages), clearing one its holder left behind.
*/
async function takeLock(file: string, name: string): Promise<Held> {
	const record = recordName(process.pid, randomBytes(8).toString('hex'));
	const lockPath = `${file}.lock`;
	let lost = false;
	const options = {
		...lockOptions,
		fs: recordingFs(record),
		// The lock was taken over while this process was paused (or its
		// folder removed): noted, and checked before any write.
		onCompromised() {
			lost = true;
		},
	};
	const stillOurs = () => {
		if (lost || !fs.existsSync(join(lockPath, record))) {
			lost = true;
			throw lockLost(name);
		}
	};

	let reason = '';
	for (let attempt = 0; attempt < lockTries; attempt++) {
		try {
			const release = await lockfile.lock(file, options);
			return {stillOurs, release};
		} catch (error) {
			const {code, message, syscall} = error as NodeJS.ErrnoException;
			// ENOTEMPTY: proper-lockfile found it stale but cannot remove a folder
			// with a record. ENOENT after the folder was made (proper-lockfile's
			// stat): it was taken over while this process was paused; try again.
			const lostRace = code === 'ENOENT' && syscall !== 'mkdir';
			if (code !== 'ELOCKED' && code !== 'ENOTEMPTY' && !lostRace)
				throw new WorldFileError(
					'WorldFile.LockFailed',
					name,
					`its lock could not be taken: ${folderProblem(error, dirname(file))}`,
					'Nothing was changed. Use --db with a file in a folder you can write.',
				);
			reason = message;
		}

		const cleared = await clearAbandoned(lockPath);
		if (cleared === 'foreign') throw await foreignLock(name, lockPath);
		if (!cleared) await lockWait(attempt);
	}

	throw locked(name, file, reason);
}

function lockLost(name: string) {
	return new WorldFileError(
		'WorldFile.LockLost',
		name,
		`this process lost its lock before writing (it was paused for over ${staleMs / 1000} s, and another process took the lock over)`,
		'Nothing was written: the change was NOT applied. Run the command again.',
	);
}

async function foreignLock(name: string, lockPath: string) {
	const names = await readdir(lockPath).catch((): string[] => []);
	return new WorldFileError(
		'WorldFile.Locked',
		name,
		`its lock folder ${lockPath} holds ${names.length === 0 ? 'nothing tagdeck recognises' : `files tagdeck did not put there (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`}, and no process has kept it fresh for over ${staleMs / 1000} s`,
		`Nothing was changed. If no tagdeck is running, remove that folder (rm -r ${lockPath}) and try again.`,
	);
}

function locked(name: string, file: string, reason: string) {
	return new WorldFileError(
		'WorldFile.Locked',
		name,
		`another tagdeck process holds its lock (${reason})`,
		`Nothing was changed. Try again; if no other tagdeck is running, remove the folder ${file}.lock.`,
	);
}

/**
Runs `work` holding the lock of the world file at `file` (`name` for
messages): its folder is made first, `prepare` runs once the lock is held.
A lock lost after the write is no failure: the change is in the file, so
the command succeeded, and the release has nothing left to do.
*/
export async function underLock<T>(
	file: string,
	name: string,
	prepare: () => Promise<void>,
	work: (held: Held) => Promise<T>,
): Promise<T> {
	try {
		await mkdir(dirname(file), {recursive: true});
	} catch (error) {
		throw folderError(name, error);
	}

	const held = await takeLock(file, name);
	let failed = true;
	try {
		await prepare();
		const result = await work(held);
		failed = false;
		return result;
	} finally {
		await held.release().catch((error: unknown) => {
			const {code} = error as NodeJS.ErrnoException;
			if (failed || code === 'ERELEASED' || code === 'ENOENT') return;
			throw error;
		});
	}
}
