/*
What every API action of `tagdeck serve` is given and gives back
(docs/api.md): the call's parameters, read with each product's own codes; the
world as the caller may see it; a way to change it that makes a step of the
log named by the action; and the refusal that becomes an error body.
*/
import type {ApplyResult} from '../core/apply.js';
import type {AccessDetail} from '../core/errors.js';
import type {Command} from '../core/model.js';
import type {Acting} from '../core/ram/access.js';
import type {World} from '../core/world.js';

/** A refusal: the HTTP status, the product's code and message, and RAM's detail. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly detail?: AccessDetail,
	) {
		super(message);
		this.name = 'ApiError';
	}
}

/** The product an action belongs to, as steps and errors name it. */
export type ProductName = 'Tag' | 'Ecs';

/** How a product's parameters are refused: its codes for a missing or a bad value. */
export type ParameterCodes = {
	missing(name: string): ApiError;
	invalid(name: string, why: string): ApiError;
};

/** The limits a numbered list (`ResourceARN.N`) is read with. */
type ListLimit = {max: number; tooMany: (max: number) => ApiError};

/**
A call's parameters by name (`ResourceARN.1`, `Tag.2.Key`), read with the
product's codes: a required one missing, a number out of range or a list
too long is refused before anything is done.
*/
export class Params {
	constructor(
		private readonly values: ReadonlyMap<string, string>,
		private readonly codes: ParameterCodes,
	) {}

	/** The value, or undefined when absent or empty. */
	get(name: string): string | undefined {
		const value = this.values.get(name);
		return value === undefined || value === '' ? undefined : value;
	}

	/** Whether the parameter was sent at all, even empty. */
	has(name: string): boolean {
		return this.values.has(name);
	}

	/** The raw value, empty string kept (ECS tag values may be empty). */
	raw(name: string): string | undefined {
		return this.values.get(name);
	}

	/**
	A parameter that holds JSON (`Tags`, `InstanceIds`): its text and what it
	parses to (undefined if it does not); undefined when absent.
	*/
	json(
		name: string,
		required = false,
	): {text: string; value: unknown} | undefined {
		const text = required ? this.required(name) : this.get(name);
		if (text === undefined) return undefined;
		try {
			return {text, value: JSON.parse(text) as unknown};
		} catch {
			return {text, value: undefined};
		}
	}

	required(name: string): string {
		const value = this.get(name);
		if (value === undefined) throw this.codes.missing(name);
		return value;
	}

	/** A whole number within [min, max]; `fallback` when absent. */
	integer(name: string, min: number, max: number, fallback: number): number {
		const text = this.get(name);
		if (text === undefined) return fallback;
		const value = /^\d{1,9}$/v.test(text) ? Number(text) : Number.NaN;
		if (!(value >= min && value <= max)) {
			throw this.codes.invalid(
				name,
				`${name} must be a whole number from ${min} to ${max}, not "${clip(text)}".`,
			);
		}

		return value;
	}

	/** `true`/`false` in any case; `fallback` when absent. */
	boolean(name: string, fallback: boolean): boolean {
		const text = this.get(name)?.toLowerCase();
		if (text === undefined) return fallback;
		if (text !== 'true' && text !== 'false') {
			throw this.codes.invalid(name, `${name} must be true or false.`);
		}

		return text === 'true';
	}

	/** One of the allowed words, compared without case; returns the allowed spelling. */
	oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
		const text = this.get(name);
		if (text === undefined) return fallback;
		const found = allowed.find((a) => a.toLowerCase() === text.toLowerCase());
		if (found === undefined) {
			throw this.codes.invalid(
				name,
				`${name} must be one of ${allowed.join(', ')}, not "${clip(text)}".`,
			);
		}

		return found;
	}

	/**
	The numbered values `prefix.1`, `prefix.2`, … (or `prefix.N.field` with
	`field`), in number order; numbers may skip, as SDKs skip empty items.
	*/
	list(prefix: string, limit: ListLimit, field?: string): string[] {
		return this.items(prefix, limit).flatMap((n) => {
			const value = this.values.get(
				field ? `${prefix}.${n}.${field}` : `${prefix}.${n}`,
			);
			return value === undefined ? [] : [value];
		});
	}

	/** The numbers N of the items sent as `prefix.N…`, in order. */
	items(prefix: string, limit: ListLimit): number[] {
		const numbers = new Set<number>();
		const start = `${prefix}.`;
		for (const name of this.values.keys()) {
			if (!name.startsWith(start)) continue;
			const digits = /^(?<n>\d{1,6})(?:\.|$)/v.exec(name.slice(start.length))
				?.groups?.n;
			if (digits === undefined) continue;
			numbers.add(Number(digits));
		}

		if (numbers.size > limit.max) throw limit.tooMany(limit.max);
		return [...numbers].toSorted((a, b) => a - b);
	}
}

/**
The refusal of a missing parameter: the product's own code where it has one
(`MissingParameter.RegionId`, 404), else `MissingParameter` (400).
*/
export function missingParameter(
	codes: Readonly<Record<string, string>>,
): (name: string) => ApiError {
	return (name) => {
		const code = Object.hasOwn(codes, name) ? codes[name]! : 'MissingParameter';
		return new ApiError(
			code === 'MissingParameter' ? 400 : 404,
			code,
			`The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
		);
	};
}

/** A value shortened for a message. */
export function clip(text: string, max = 64): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** What an action is given. */
export type Call = {
	params: Params;
	/** The caller's AccessKey decides: undefined for the account, else the RAM user's name. */
	as: string | undefined;
	/** The whole world now (re-read only if its file changed). */
	world(): Promise<World>;
	/** The world as the caller may describe it (the whole world for the account). */
	seen(): Promise<World>;
	/**
	Applies a command as the caller, one at a time, as a step named by the
	action; a command given as a function is built from the latest world, as
	the caller may see it.
	*/
	apply(
		command: Command | ((world: World) => Command),
		options?: {actions?: Acting['actions']},
	): Promise<ApplyResult>;
};

/** An action: its answer's fields (RequestId is added), or an ApiError. */
export type Action = (call: Call) => Promise<Record<string, unknown>>;

/** A product: its name, version, the codes of its parameters, and its actions. */
export type Product = {
	name: ProductName;
	version: string;
	codes: ParameterCodes;
	actions: Record<string, Action>;
	/** The product's own code for a refusal the core gives with another (`InvalidTagKey.Malformed` → `InvalidParameter.TagKey`). */
	renamed?: Readonly<Record<string, string>>;
	/** The HTTP status of a refusal the core gave, by its code (after `renamed`). */
	status(code: string): number;
};

/** The code a product gives for a core refusal. */
export function productCode(
	product: Product | undefined,
	code: string,
): string {
	return (
		(product?.renamed && Object.hasOwn(product.renamed, code)
			? product.renamed[code]
			: undefined) ?? code
	);
}

/**
The HTTP status of a core refusal, as both products' tables give them:
permissions and quotas 403, things not found 404, the rest 400.
*/
export function defaultStatus(code: string): number {
	if (/^(?:Forbidden|NoPermission|QuotaExceed|NumberExceed)/v.test(code))
		return 403;
	if (/NotFound|^MissingParameter|^EntityNotExist/v.test(code)) return 404;
	return 400;
}
