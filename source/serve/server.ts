/*
`tagdeck serve`: Alibaba Cloud RPC calls over HTTP on the world file
(docs/api.md). Each request is read within its limits, its signature verified
with the AccessKey it names (the account's or a RAM user's), its timestamp and
nonce checked, and its action run on the world the store holds, re-read only
when the file changed. Changes are applied one at a time under the world
file's lock, as every tagdeck command makes them; each is a step of the log
named by its action. Every request is answered: the action's JSON, or the
API's error body with its HTTP status. Nothing a client sends can stop the
server.
*/
import {createHash, randomUUID} from 'node:crypto';
import {
	createServer,
	type IncomingMessage,
	type Server,
	type ServerResponse,
	STATUS_CODES,
} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {TagdeckError} from '../core/errors.js';
import type {WorldData} from '../core/model.js';
import {seenBy} from '../core/ram/access.js';
import {ramEntities} from '../core/ram/identities.js';
import {visible} from '../core/tags.js';
import type {World} from '../core/world.js';
import type {Store} from '../store/store.js';
import {ApiError, type Call, Params, type Product, productCode} from './api.js';
import {arrive} from './arrival.js';
import {ecsProduct} from './ecs-api.js';
import {SignatureError, verifySignature, type SignedCall} from './signature.js';
import {tagProduct} from './tag-api.js';

const products = new Map<string, Product>(
	[tagProduct, ecsProduct].map((p) => [p.version, p]),
);

/** How far a request's time may be from this machine's: 15 minutes, as the API allows. */
const skewMs = 15 * 60 * 1000;

/** Nonces seen within the skew window; at most this many are remembered. */
const nonceLimit = 200_000;

export type ServeOptions = {
	store: Store;
	host: string;
	port: number;
	/** Told one line per request (time, status, action, who, milliseconds). */
	log?: (line: string) => void;
	/** Told of a fault in tagdeck itself (answered 500 InternalError). */
	fault?: (error: unknown) => void;
	/**
	How long a request may take to arrive: its headers, and the whole request
	(10 s and 30 s; a test shortens them).
	*/
	timeouts?: {headersMs: number; requestMs: number};
};

export type Serving = {
	host: string;
	port: number;
	/** Stops listening, ends open connections, and waits for changes in progress. */
	close(): Promise<void>;
};

/** Who an AccessKey ID belongs to: undefined for the account, a RAM user's name, or unknown. */
type KeyOwner = {secret: string; user: string | undefined};

function keyOwners(data: WorldData): Map<string, KeyOwner> {
	const owners = new Map<string, KeyOwner>();
	const {accessKey} = data.account;
	owners.set(accessKey.id, {secret: accessKey.secret, user: undefined});
	for (const user of ramEntities(data, 'user'))
		for (const key of user.accessKeys)
			owners.set(key.id, {secret: key.secret, user: user.name});
	return owners;
}

/** A request's time: V1's Timestamp parameter or V3's x-acs-date header, required. */
function checkTime(text: string | undefined, now: number, style: 'V1' | 'V3') {
	if (text === undefined || text === '') {
		throw new ApiError(
			400,
			'MissingTimestamp',
			`${style === 'V1' ? 'Timestamp' : 'The header x-acs-date'} is mandatory for this action: the time the request was made, in UTC, as yyyy-MM-ddTHH:mm:ssZ.`,
		);
	}

	const at = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z$/v.test(text)
		? Date.parse(text)
		: Number.NaN;
	if (Number.isNaN(at)) {
		throw new ApiError(
			400,
			'InvalidTimeStamp.Format',
			'Specified time stamp or date value is not well formatted. Send UTC time as yyyy-MM-ddTHH:mm:ssZ.',
		);
	}

	if (Math.abs(at - now) > skewMs) {
		throw new ApiError(
			400,
			'InvalidTimeStamp.Expired',
			`Specified time stamp or date value is expired. The request says ${text}, this machine ${new Date(now).toISOString().slice(0, 19)}Z: more than 15 minutes apart.`,
		);
	}
}

/**
Nonces already used, with when: a nonce may be used once within the skew
window. One longer than a UUID is remembered by its hash, so memory stays
bounded whatever a client sends.
*/
class Nonces {
	private readonly seen = new Map<string, number>();

	use(nonce: string | undefined, now: number, style: 'V1' | 'V3') {
		if (nonce === undefined || nonce === '') {
			throw new ApiError(
				400,
				'MissingSignatureNonce',
				`${style === 'V1' ? 'SignatureNonce' : 'The header x-acs-signature-nonce'} is mandatory for this action: a new random value for each request, so that it cannot be replayed.`,
			);
		}

		const key =
			nonce.length <= 64
				? nonce
				: `#${createHash('sha256').update(nonce).digest('hex')}`;
		if (this.seen.has(key)) {
			throw new ApiError(
				400,
				'SignatureNonceUsed',
				'Specified signature nonce was used already. Give each request a new SignatureNonce.',
			);
		}

		// Oldest first: forget what is past the window, or past the limit.
		for (const [old, at] of this.seen) {
			if (now - at <= skewMs && this.seen.size < nonceLimit) break;
			this.seen.delete(old);
		}

		this.seen.set(key, now);
	}
}

/** The RPC parameter a V1 request carries, from the query or the form. */
function parameter(
	request: {query: Array<[string, string]>; form: Array<[string, string]>},
	name: string,
): string | undefined {
	return [...request.query, ...request.form].find(([key]) => key === name)?.[1];
}

function notFoundApi(call: SignedCall): ApiError {
	const known = [...products.values()]
		.map((p) => `${p.name} ${p.version}`)
		.join(' and ');
	return new ApiError(
		404,
		'InvalidAction.NotFound',
		`Specified api is not found, please check your url and method. tagdeck serve answers ${known}; this request asked for "${call.action.slice(0, 64)}" of version "${call.version.slice(0, 32)}".`,
	);
}

/** The error body the API gives, RAM's detail as AccessDeniedDetail. */
function errorBody(
	requestId: string,
	host: string,
	error: ApiError,
	accountId: string | undefined,
): Record<string, unknown> {
	const body: Record<string, unknown> = {
		RequestId: requestId,
		HostId: host,
		Code: error.code,
		Message: error.message,
		Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&requestId=${requestId}`,
	};
	if (error.detail) {
		body.AccessDeniedDetail = {
			AuthAction: error.detail.authAction,
			AuthResource: error.detail.authResource,
			AuthPrincipalType: 'SubUser',
			AuthPrincipalOwnerId: accountId,
			NoPermissionType: error.detail.noPermissionType,
			PolicyType:
				error.detail.noPermissionType === 'ExplicitDeny'
					? 'AccountLevelIdentityBasedPolicy'
					: 'ImplicitDeny',
			EncodedDiagnosticMessage: Buffer.from(
				JSON.stringify({
					policy: error.detail.policy,
					statement: error.detail.statement,
				}),
			).toString('base64'),
		};
	}

	return body;
}

/** A refusal from anywhere below, as the API answers it. */
function asApiError(error: unknown, product: Product | undefined): ApiError {
	if (error instanceof ApiError) return error;
	if (error instanceof SignatureError)
		return new ApiError(error.status, error.code, error.message);
	if (error instanceof TagdeckError) {
		const code = productCode(product, error.code);
		const status = code.startsWith('WorldFile.')
			? 503
			: (product?.status(code) ?? 400);
		return new ApiError(status, code, error.message, error.detail);
	}

	return new ApiError(
		500,
		'InternalError',
		'The request processing has failed due to some unknown error. tagdeck serve printed the fault; the world file was not changed by this request.',
	);
}

/** The host a request named, for HostId. */
function hostOf(request: IncomingMessage): string {
	const host =
		request.headers.host ??
		`${request.socket.localAddress ?? '-'}:${request.socket.localPort ?? 0}`;
	return host.slice(0, 255);
}

/** What Node refused before handle() saw the request, as the API answers. */
function clientRefusal(
	error: NodeJS.ErrnoException,
	timeouts: {headersMs: number; requestMs: number},
): ApiError {
	if (error.code === 'HPE_HEADER_OVERFLOW') {
		return new ApiError(
			431,
			'Request.Malformed',
			'The request line and headers are larger than 16 KiB; send parameters in a form body (POST).',
		);
	}

	if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
		return new ApiError(
			408,
			'Request.Timeout',
			`The request did not arrive in time: its headers are read within ${timeouts.headersMs / 1000} s, the whole request within ${timeouts.requestMs / 1000} s. Send it at once.`,
		);
	}

	const {reason} = error as {reason?: unknown};
	return new ApiError(
		400,
		'Request.Malformed',
		`The request is not well-formed HTTP/1.1${typeof reason === 'string' ? ` (${reason.slice(0, 80)})` : ''}.`,
	);
}

/** Answers on the bare connection and closes it: for requests Node stopped reading. */
function answerRaw(socket: Socket, refusal: ApiError) {
	const text = JSON.stringify(
		errorBody(randomUUID().toUpperCase(), '-', refusal, undefined),
	);
	socket.end(
		`HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Error'}\r\ncontent-type: application/json;charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
	);
}

/** Runs changes one at a time, in the order they came. */
class Queue {
	private last: Promise<unknown> = Promise.resolve();

	async run<T>(work: () => Promise<T>): Promise<T> {
		const next = this.last.then(work, work);
		this.last = next.catch(() => undefined);
		return next;
	}
}

export async function startServer(options: ServeOptions): Promise<Serving> {
	const {store} = options;
	await store.load();
	const nonces = new Nonces();
	/**
	Every use of the store, one at a time: a re-read of the file must not run
	while a change is applied and written (it would swap the world under the
	change, and the older world could be written or shown after the change was
	reported done), nor two re-reads at once.
	*/
	const serial = new Queue();
	/** The answer in progress on each connection, until its request has all arrived too. */
	const answering = new WeakMap<Socket, ServerResponse>();

	const world = async (): Promise<World> =>
		serial.run(async () => {
			await store.refresh();
			return store.current()!;
		});

	async function handle(
		request: IncomingMessage,
		response: ServerResponse,
	): Promise<void> {
		const started = performance.now();
		const requestId = randomUUID().toUpperCase();
		const host = hostOf(request);
		let product: Product | undefined;
		let who = '-';
		let name = '-';
		let status = 200;
		let body: Record<string, unknown>;
		let accountId: string | undefined;
		try {
			const arrived = await arrive(request);
			if (
				(arrived.method !== 'GET' && arrived.method !== 'POST') ||
				arrived.path !== '/'
			) {
				throw new ApiError(
					404,
					'InvalidAction.NotFound',
					`Specified api is not found, please check your url and method. tagdeck serve answers RPC calls: GET or POST to /, not ${arrived.method.slice(0, 16)} ${arrived.path.slice(0, 64)}.`,
				);
			}

			const current = await world();
			accountId = current.data.account.id;
			const owners = keyOwners(current.data);
			const signed = verifySignature(arrived, (id) => owners.get(id)?.secret);
			const owner = owners.get(signed.accessKeyId)!;
			who = owner.user ?? 'root';
			name = signed.action.slice(0, 64);
			const now = Date.now();
			checkTime(
				signed.style === 'V1'
					? parameter(arrived, 'Timestamp')
					: arrived.headers['x-acs-date'],
				now,
				signed.style,
			);
			nonces.use(
				signed.style === 'V1'
					? parameter(arrived, 'SignatureNonce')
					: arrived.headers['x-acs-signature-nonce'],
				now,
				signed.style,
			);
			product = products.get(signed.version);
			const action =
				product && Object.hasOwn(product.actions, signed.action)
					? product.actions[signed.action]
					: undefined;
			if (!product || !action) throw notFoundApi(signed);
			const as = owner.user;
			const api = `${product.name}:${signed.action}`;
			const call: Call = {
				params: new Params(signed.params, product.codes),
				as,
				world,
				async seen() {
					return seenBy(await world(), as);
				},
				async apply(command, {actions} = {}) {
					return serial.run(async () =>
						store.apply(command, {as, api, actions}),
					);
				},
			};
			body = {RequestId: requestId, ...(await action(call))};
		} catch (error) {
			const refusal = asApiError(error, product);
			if (refusal.status === 500) options.fault?.(error);
			status = refusal.status;
			body = errorBody(requestId, host, refusal, accountId);
		}

		const ms = Math.round(performance.now() - started);
		const code = status === 200 ? '' : ` ${String(body.Code)}`;
		// The client went away (it closed mid-body, or took too long): nobody to answer.
		const gone = !request.socket.writable || response.headersSent;
		if (!gone) {
			const text = JSON.stringify(body);
			response.writeHead(status, {
				'content-type': 'application/json;charset=utf-8',
				'content-length': Buffer.byteLength(text),
				'x-acs-request-id': requestId,
			});
			response.end(text);
		}

		options.log?.(
			`${new Date().toISOString().slice(11, 19)} ${status} ${product?.name ?? '-'}:${visible(name)} ${who} ${ms} ms${code}${gone ? ' (not answered: the client had gone)' : ''}`,
		);
	}

	const timeouts = options.timeouts ?? {headersMs: 10_000, requestMs: 30_000};
	const server: Server = createServer(
		{
			// A request without a Host header is answered like any other, not with an empty 400.
			requireHostHeader: false,
			headersTimeout: timeouts.headersMs,
			requestTimeout: timeouts.requestMs,
			// How often both are checked: at Node's 30 s a slow request could last a minute.
			connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
		},
		(request, response) => {
			// Until both the answer and the request are through: a body still
			// arriving after an early 413 must not get a second answer.
			const {socket} = request;
			answering.set(socket, response);
			const through = () => {
				if (
					response.writableFinished &&
					request.complete &&
					answering.get(socket) === response
				)
					answering.delete(socket);
			};

			response.once('finish', through);
			request.once('end', through);
			handle(request, response).catch((error: unknown) => {
				// Writing the answer itself failed (the client went away): nothing to tell it.
				options.fault?.(error);
				response.destroy();
			});
		},
	);
	// What Node refuses before handle() sees it is answered with the same JSON error body.
	server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
		// Half an answer already sent on this connection: another would corrupt it.
		if (
			!socket.writable ||
			error.code === 'ECONNRESET' ||
			answering.get(socket)?.headersSent
		) {
			socket.destroy();
			return;
		}

		answerRaw(socket, clientRefusal(error, timeouts));
	});
	// CONNECT (a proxy's method) is refused in JSON too, as any other method.
	server.on('connect', (request: IncomingMessage, socket: Socket) => {
		socket.on('error', () => undefined);
		answerRaw(
			socket,
			new ApiError(
				404,
				'InvalidAction.NotFound',
				`Specified api is not found, please check your url and method. tagdeck serve answers RPC calls: GET or POST to /, not CONNECT ${(request.url ?? '').slice(0, 64)}.`,
			),
		);
	});
	// An Expect other than 100-continue.
	server.on(
		'checkExpectation',
		(request: IncomingMessage, response: ServerResponse) => {
			const refusal = new ApiError(
				417,
				'Request.Malformed',
				`tagdeck serve cannot meet "Expect: ${String(request.headers.expect).slice(0, 64)}"; send the request without it (100-continue is met).`,
			);
			const text = JSON.stringify(
				errorBody(
					randomUUID().toUpperCase(),
					hostOf(request),
					refusal,
					undefined,
				),
			);
			response.writeHead(417, {
				'content-type': 'application/json;charset=utf-8',
				'content-length': Buffer.byteLength(text),
				connection: 'close',
			});
			response.end(text);
		},
	);

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;
	return {
		host: address.address,
		port: address.port,
		async close() {
			await new Promise<void>((resolve) => {
				server.close(() => {
					resolve();
				});
				server.closeIdleConnections();
				setTimeout(() => {
					server.closeAllConnections();
				}, 2000).unref();
			});
			await store.idle();
		},
	};
}
