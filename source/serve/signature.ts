/*
Verifying the signature of an Alibaba Cloud RPC request (docs/cloud-facts.md §13): V1
(HMAC-SHA1 over the sorted, percent-encoded parameters, as @alicloud/pop-core
and older clients sign) and V3 (`ACS3-HMAC-SHA256` over a canonical request,
as the generated clients @alicloud/tag20180828 and @alicloud/ecs20140526 sign).
The HMACs and digests are node:crypto's; what is rebuilt here is only the text
each side signs, from the request as it arrived: parameters are decoded and
encoded again, never signed as the URL spelled them.
*/
import {createHash, createHmac, timingSafeEqual} from 'node:crypto';

/** A request as it arrived: its parameters already split out of the query and any form body. */
export type ArrivedRequest = {
	method: string;
	/** The URL's path, `/` for RPC calls. */
	path: string;
	/** The query's parameters, decoded, in the order sent. */
	query: Array<[string, string]>;
	/** A form body's parameters, decoded (empty without one). */
	form: Array<[string, string]>;
	/** Header values by lower-case name. */
	headers: Readonly<Record<string, string | undefined>>;
	/** The body's bytes. */
	body: Uint8Array;
};

/** Who signed, how, and what was asked: the action, its version, and its parameters. */
export type SignedCall = {
	accessKeyId: string;
	style: 'V1' | 'V3';
	action: string;
	version: string;
	params: Map<string, string>;
};

/** A refusal the API gives with an HTTP status, a code and a message. */
export class SignatureError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
		this.name = 'SignatureError';
	}
}

/** RFC 3986 encoding, as both signature versions use it: `!'()*` encoded too. */
export function percent(text: string): string {
	return encodeURIComponent(text).replaceAll(
		/[!'\(\)*]/gv,
		(c) => `%${c.codePointAt(0)!.toString(16).toUpperCase()}`,
	);
}

const byKey = (a: [string, string], b: [string, string]) =>
	a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/** `k=v&…`, keys sorted, both encoded. */
function canonicalQuery(pairs: Array<[string, string]>): string {
	return pairs
		.map(([k, v]): [string, string] => [percent(k), percent(v)])
		.toSorted(byKey)
		.map(([k, v]) => `${k}=${v}`)
		.join('&');
}

/** Compares two signatures in constant time. */
function same(sent: string, expected: string): boolean {
	const a = Buffer.from(sent);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

const mismatch = () =>
	new SignatureError(
		400,
		'SignatureDoesNotMatch',
		'The request signature does not conform to Aliyun standards.',
	);

function incomplete(reason: string): SignatureError {
	return new SignatureError(400, 'IncompleteSignature', reason);
}

/**
The V3 `Authorization` header, split: `ACS3-HMAC-SHA256 Credential=…,
SignedHeaders=…,Signature=…`.
*/
const authorizationPattern =
	/^ACS3-HMAC-SHA256 Credential=(?<credential>[^,\s]+),SignedHeaders=(?<signed>[a-z\d\-;]+),Signature=(?<signature>[\da-f]{64})$/v;

/** The headers a V3 request must sign, so they cannot be changed on the way. */
const mustSign = [
	'host',
	'x-acs-action',
	'x-acs-version',
	'x-acs-date',
	'x-acs-signature-nonce',
	'x-acs-content-sha256',
];

/** A header's value; a name the request did not send (even "constructor") is undefined. */
function header(request: ArrivedRequest, name: string): string | undefined {
	return Object.hasOwn(request.headers, name)
		? request.headers[name]
		: undefined;
}

function verifyV3(
	request: ArrivedRequest,
	secretOf: (accessKeyId: string) => string | undefined,
): SignedCall {
	const parts = authorizationPattern.exec(
		header(request, 'authorization') ?? '',
	)?.groups;
	if (!parts)
		throw incomplete(
			'The Authorization header is not ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=….',
		);

	const signed = parts.signed!.split(';');
	const unsigned = mustSign.find((name) => !signed.includes(name));
	if (unsigned)
		throw incomplete(`The header ${unsigned} must be signed (SignedHeaders).`);

	const accessKeyId = parts.credential!;
	const secret = secretOf(accessKeyId);
	if (secret === undefined) throw unknownKey();
	const payload = createHash('sha256').update(request.body).digest('hex');
	if (header(request, 'x-acs-content-sha256') !== payload) throw mismatch();
	const canonical = [
		request.method,
		request.path,
		canonicalQuery(request.query),
		signed
			.map((name) => `${name}:${(header(request, name) ?? '').trim()}\n`)
			.join(''),
		parts.signed!,
		payload,
	].join('\n');
	const toSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
	const expected = createHmac('sha256', secret).update(toSign).digest('hex');
	if (!same(parts.signature!, expected)) throw mismatch();
	const action = header(request, 'x-acs-action') ?? '';
	const version = header(request, 'x-acs-version') ?? '';
	return {
		accessKeyId,
		style: 'V3',
		action,
		version,
		params: new Map([...request.query, ...request.form]),
	};
}

function unknownKey(): SignatureError {
	return new SignatureError(
		404,
		'InvalidAccessKeyId.NotFound',
		'Specified access key is not found.',
	);
}

/** The V1 signature of parameters (without Signature): base64 HMAC-SHA1 of `METHOD&%2F&<encoded parameters>`. */
function signatureV1(
	method: string,
	pairs: Array<[string, string]>,
	secret: string,
): string {
	const toSign = `${method}&${percent('/')}&${percent(canonicalQuery(pairs))}`;
	return createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
}

/**
A V1-signed query string for parameters, as a client sends it (tagdeck's own
calls to tagdeck serve, in `learn solve`).
*/
export function signV1(
	method: string,
	params: Record<string, string>,
	secret: string,
): string {
	const pairs = Object.entries(params);
	const signature = signatureV1(method, pairs, secret);
	return `${canonicalQuery(pairs)}&Signature=${percent(signature)}`;
}

function verifyV1(
	request: ArrivedRequest,
	secretOf: (accessKeyId: string) => string | undefined,
): SignedCall {
	const pairs = [...request.query, ...request.form];
	const params = new Map(pairs);
	for (const name of ['AccessKeyId', 'Signature', 'Action', 'Version']) {
		if (!params.get(name))
			throw incomplete(
				`The request has no ${name}: sign it with signature V1 (${name} among the parameters) or V3 (an ACS3-HMAC-SHA256 Authorization header).`,
			);
	}

	if (params.get('SignatureMethod') !== 'HMAC-SHA1')
		throw incomplete('A V1 signature is made with SignatureMethod=HMAC-SHA1.');

	const accessKeyId = params.get('AccessKeyId')!;
	const secret = secretOf(accessKeyId);
	if (secret === undefined) throw unknownKey();
	const expected = signatureV1(
		request.method,
		pairs.filter(([key]) => key !== 'Signature'),
		secret,
	);
	if (!same(params.get('Signature')!, expected)) throw mismatch();
	const call = new Map(params);
	for (const common of [
		'Signature',
		'SignatureMethod',
		'SignatureVersion',
		'SignatureNonce',
		'AccessKeyId',
		'Timestamp',
		'Format',
		'Action',
		'Version',
	])
		call.delete(common);
	return {
		accessKeyId,
		style: 'V1',
		action: params.get('Action')!,
		version: params.get('Version')!,
		params: call,
	};
}

/**
Verifies a request's signature with the secret of the AccessKey it names
(`secretOf`: undefined for a key nobody has). Returns the call; refuses with
the API's codes: `InvalidAccessKeyId.NotFound`, `SignatureDoesNotMatch`,
`IncompleteSignature`.
*/
export function verifySignature(
	request: ArrivedRequest,
	secretOf: (accessKeyId: string) => string | undefined,
): SignedCall {
	return header(request, 'authorization') === undefined
		? verifyV1(request, secretOf)
		: verifyV3(request, secretOf);
}
