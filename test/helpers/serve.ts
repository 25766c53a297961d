/*
A `tagdeck serve` for tests: the server in this process on 127.0.0.1 (a free
port), on a world file of its own, and the official SDKs from npm, unmodified,
pointed at it: the generated clients (@alicloud/tag20180828,
@alicloud/ecs20140526, signature V3) and @alicloud/pop-core (V1).
*/
import {writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import type {WorldData} from '../../source/core/model.js';
import {
	type ServeOptions,
	startServer,
	type Serving,
} from '../../source/serve/server.js';
import {Store} from '../../source/store/store.js';
import {demoData, makeTempDir, removeTempDir} from './store-files.js';

const require = createRequire(import.meta.url);

/**
The SDK packages, as a script would load them: untyped, each request model a
class (`new Tag.TagResourcesRequest({…})`), the client the default export.
*/
export const Tag: any = require('@alicloud/tag20180828');
export const Ecs: any = require('@alicloud/ecs20140526');
const RpcClient = require('@alicloud/pop-core') as new (
	config: Record<string, string>,
) => PopClient;

/** A generated client: each action a method (`tagResources`) taking its request model. */
export type SdkClient = any;

export type PopClient = {
	request(
		action: string,
		params: Record<string, unknown>,
		options?: Record<string, unknown>,
	): Promise<any>;
};

export type Key = {accessKeyId: string; accessKeySecret: string};

/** What a V3 client throws for an error answer. */
export type SdkError = Error & {
	code: string;
	statusCode: number;
	data: Record<string, unknown>;
	accessDeniedDetail?: Record<string, unknown>;
};

export class TestServer {
	/**
	A server on a fresh demo world (or the world given), and its account's key;
	`timeouts` shortens how long a request may take to arrive.
	*/
	static async start(
		data: WorldData = demoData(),
		options: Pick<ServeOptions, 'timeouts'> = {},
	): Promise<TestServer> {
		const directory = await makeTempDir('tagdeck-serve-');
		const file = path.join(directory, 'world.json');
		await writeFile(file, JSON.stringify(data));
		const store = new Store(file);
		const faults: unknown[] = [];
		const serving = await startServer({
			store,
			host: '127.0.0.1',
			port: 0,
			fault(error) {
				faults.push(error);
			},
			...options,
		});
		return new TestServer(directory, file, store, serving, faults);
	}

	readonly root: Key;

	private constructor(
		readonly directory: string,
		readonly file: string,
		readonly store: Store,
		readonly serving: Serving,
		/** Faults inside tagdeck (answered 500): a test expects none. */
		readonly faults: unknown[],
	) {
		const {accessKey} = store.current()!.data.account;
		this.root = {accessKeyId: accessKey.id, accessKeySecret: accessKey.secret};
	}

	get port(): number {
		return this.serving.port;
	}

	/** The first AccessKey pair of a RAM user of the world. */
	keyOf(user: string): Key {
		const entity = this.world().ram[`user:${user}`];
		if (entity?.kind !== 'user' || !entity.accessKeys[0])
			throw new Error(`no RAM user ${user} with an AccessKey`);
		const [key] = entity.accessKeys;
		return {accessKeyId: key.id, accessKeySecret: key.secret};
	}

	/** The world as the server holds it now. */
	world(): WorldData {
		return this.store.current()!.data;
	}

	/** The Tag API's generated client (signature V3). */
	tag(key: Key = this.root): SdkClient {
		const {default: TagClient} = Tag;
		return new TagClient(this.config(key));
	}

	/** ECS's generated client (signature V3). */
	ecs(key: Key = this.root): SdkClient {
		const {default: EcsClient} = Ecs;
		return new EcsClient(this.config(key));
	}

	/** @alicloud/pop-core for a product's version (signature V1). */
	pop(apiVersion: '2018-08-28' | '2014-05-26', key: Key = this.root) {
		return new RpcClient({
			...key,
			endpoint: `http://127.0.0.1:${this.port}`,
			apiVersion,
		});
	}

	async close() {
		await this.serving.close();
		await removeTempDir(this.directory);
	}

	/** A generated client's config: this server, plain HTTP, time for a slow machine. */
	private config(key: Key) {
		return {
			...key,
			endpoint: `127.0.0.1:${this.port}`,
			protocol: 'HTTP',
			regionId: 'cn-hangzhou',
			readTimeout: 20_000,
			connectTimeout: 20_000,
		};
	}
}

/** The error a promise rejects with (fails if it resolves). */
export async function rejection<E = SdkError>(
	promise: Promise<unknown>,
): Promise<E> {
	try {
		await promise;
	} catch (error) {
		return error as E;
	}

	throw new Error('expected the call to be refused, but it succeeded');
}
