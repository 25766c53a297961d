import type {Clock} from './clock.js';
import type {Failure} from './errors.js';

export const schemaVersion = 7;

/** Link fields a resource may carry; each names the resource it is linked to. */
export type LinkKind =
	'attachedTo' | 'associatedWith' | 'sourceDisk' | 'kafkaInstance' | 'cluster';

export type Links = Partial<Record<LinkKind, string>>;

/** Where an inherited tag came from. Never changed in place: it is shared by copies and the log. */
export type Provenance = Readonly<{from: string; rule: string}>;

export type Resource = {
	id: string;
	/** Canonical type name, e.g. `Ecs-Instance`. */
	type: string;
	region: string;
	/** Zone ID for zone-scoped types, otherwise null. */
	zone: string | null;
	name: string;
	/** Instances only: Running, Stopped, Starting, Stopping. */
	status: string | null;
	created: string;
	/** Custom and system tags (system keys start with `acs:`). */
	tags: Record<string, string>;
	/** Keys of `tags` that were inherited, with their provenance. */
	inherited?: Record<string, Provenance>;
	links?: Links;
	/**
	Rules (SettingNames) that manage this resource's link to its primary: the
	link was made while the rule was on.
	*/
	managed?: string[];
	/** Instances: the image they run. */
	image?: string;
	/** Instances: the instance type, e.g. `ecs.g7.large` (data/prices.json). */
	spec?: string;
	/** Disks and snapshots: the size in GiB. */
	size?: number;
	/** Disks: the category, e.g. `cloud_essd` (data/prices.json). */
	category?: string;
	/** Instances: stopped in economical mode, so compute is not billed. */
	economical?: boolean;
};

export type Invocation = {
	id: string;
	region: string;
	command: string;
	instances: string[];
	at: string;
};

export type RuleSetting = {
	region: string;
	rule: string;
	enabled: boolean;
	/** Null: all keys. */
	keys: string[] | null;
	existing: boolean;
};

export type Account = {
	id: string;
	/** Whether new resources receive the `acs:tag:createdby` system tag. */
	createdBy: boolean;
	/**
	Custom tags a resource of a type may carry, where raised or lowered from the
	default of 20 (Quota Center): canonical type name → quota.
	*/
	quotas: Record<string, number>;
	inheritance: {enabled: boolean; role: string | null; since: string | null};
	/** Itemized billing: the cost allocation tags and how they are applied. */
	costs: CostSettings;
	/** Tag policies attached to the account, in attach order, and strong verification. */
	tagPolicies: {attached: string[]; strong: boolean};
	/** The account's own AccessKey pair: API calls signed with it act as the account (`tagdeck serve`). */
	accessKey: AccessKey;
};

export type CostSettings = {
	/** Cost allocation tag keys that are enabled, each with the world time it was enabled. */
	enabled: Record<string, string>;
	/** Disks, ENIs, EIPs and snapshots without their own value follow their instance's. */
	associated: boolean;
};

/** An AccessKey pair of a RAM user; the secret is shown once, when it is made. */
export type AccessKey = {id: string; secret: string; created: string};

/** A RAM user: a person or program acting in the account with the policies it holds. */
export type RamUser = {
	name: string;
	/** RAM's user ID: 16 digits. */
	id: string;
	created: string;
	accessKeys: AccessKey[];
	/** Attached policies, in the order they were attached. */
	policies: PolicyRef[];
};

export type RamGroup = {
	name: string;
	created: string;
	/** User names, in the order they were added. */
	members: string[];
	policies: PolicyRef[];
};

/** An attached policy: a system policy or a custom one of the account, by name. */
export type PolicyRef = {type: 'System' | 'Custom'; name: string};

/** A custom policy: its document as the user wrote it. */
export type RamPolicy = {
	name: string;
	created: string;
	description: string;
	document: string;
};

/** A preset tag: a key (and values) made ahead of use, in every region, kept while unbound. */
export type PresetTag = {
	key: string;
	values: string[];
	description: string;
	created: string;
};

/** A tag policy of the account: its document as the user wrote it. */
export type TagPolicyEntry = {
	name: string;
	description: string;
	document: string;
	created: string;
};

/** Governance: preset tags and tag policies, keyed `preset:KEY` and `policy:NAME`. */
export type GovernanceEntity =
	({kind: 'preset'} & PresetTag) | ({kind: 'policy'} & TagPolicyEntry);

/** RAM identities and custom policies; keyed `user:NAME`, `group:NAME`, `policy:NAME`. */
export type RamEntity =
	| ({kind: 'user'} & RamUser)
	| ({kind: 'group'} & RamGroup)
	| ({kind: 'policy'} & RamPolicy);

/**
One change to one document, exact enough to be undone and redone.
`c` names the collection: r resources, i invocations, u rules, a the account,
k the world's clock, m RAM (users, groups, custom policies), g governance
(preset tags, tag policies).
Creation has `b: null`, removal `a: null`; updates of resources carry only what
changed: `f` other fields, `t` tag keys, `h` inheritance provenance, each as
[before, after] with null for absent.
*/
export type Patch = {
	c: 'r' | 'i' | 'u' | 'a' | 'k' | 'm' | 'g';
	id: string;
	b?: unknown;
	a?: unknown;
	f?: Record<string, [unknown, unknown]>;
	t?: Record<string, [string | null, string | null]>;
	h?: Record<string, [Provenance | null, Provenance | null]>;
};

/** An inheritance that could not be delivered (quota), recorded with the step. */
export type Skip = Failure & {from: string; rule: string};

export type LogEvent = {
	seq: number;
	at: string;
	command: Command;
	summary: string;
	regions: string[];
	ids: string[];
	patches: Patch[];
	failures: Failure[];
	/** Inheritance that could not be delivered (quota). */
	skipped?: Skip[];
	undoOf?: number;
	redoOf?: number;
	/** A reboot or a run: logged, but not a step undo reverses. */
	action?: boolean;
	/** The RAM user the step was made as (`--as`); absent: the account itself. */
	by?: string;
	/** The API call that made the step (`tagdeck serve`): `Tag:TagResources`, `Ecs:StopInstances`. */
	api?: string;
	/**
	Part of the world's past as it was made (a demo or generated world's
	history): recorded for bills and the log, not a step undo reverses.
	*/
	past?: boolean;
};

export type WorldData = {
	schema: number;
	revision: number;
	account: Account;
	/** State of the deterministic generator used for new IDs and names. */
	rng: number;
	/** World time is this machine's time plus `offset` seconds. */
	clock: Clock;
	resources: Record<string, Resource>;
	rules: Record<string, RuleSetting>;
	invocations: Record<string, Invocation>;
	/** RAM users, groups and custom policies, by `user:NAME`, `group:NAME`, `policy:NAME`. */
	ram: Record<string, RamEntity>;
	/** Preset tags and tag policies, by `preset:KEY` and `policy:NAME`. */
	governance: Record<string, GovernanceEntity>;
	log: LogEvent[];
	nextSeq: number;
	history: {undo: number[]; redo: number[]};
};

type Batch = {ids: string[]; partial?: boolean};

export type Command =
	| ({op: 'tag'; tags: Record<string, string>; remove?: string[]} & Batch)
	| ({op: 'untag'; keys?: string[]; all?: boolean} & Batch)
	| {op: 'attach'; id: string; to: string}
	| {op: 'detach'; id: string}
	| {op: 'associate'; id: string; to: string}
	| {op: 'unassociate'; id: string}
	| {
			op: 'create';
			type: string;
			region?: string;
			zone?: string;
			name?: string;
			in?: string;
			count?: number;
			tags?: Record<string, string>;
			/** Instances: the instance type. */
			spec?: string;
			/** Disks: size in GiB and category. */
			size?: number;
			category?: string;
	  }
	| ({op: 'release'} & Batch)
	| ({op: 'start' | 'reboot'} & Batch)
	/** `economical`: compute stops being billed while the instance is stopped. */
	| ({op: 'stop'; economical?: boolean} & Batch)
	| ({op: 'run'; command: string} & Batch)
	| ({op: 'replace-image'; image: string} & Batch)
	| {op: 'copy'; id: string; to: string; name?: string}
	| {op: 'inheritance'; enabled: boolean}
	/** The createdby feature: new resources get `acs:tag:createdby` while it is on. */
	| {op: 'createdby'; enabled: boolean}
	/** A type's tag quota; `quota: null` puts back the default. */
	| {op: 'quota'; type: string; quota: number | null}
	/** Moves the world's clock forward by a duration (`90m`, `7d`, `1mo`). */
	| {op: 'clock'; advance: string}
	/** Cost allocation: enable or disable tag keys, or switch associated-resource allocation. */
	| {op: 'costs'; enable?: string[]; disable?: string[]; associated?: boolean}
	| {
			op: 'rules';
			region: string;
			rules: string[];
			enable: boolean;
			keys?: string[] | null;
			existing?: boolean;
			/**
			With `enable: false`: keep the settings given (keys, existing) on the
			disabled rule, recorded even where the rule was never on
			(CreateAssociatedResourceRules and UpdateAssociatedResourceRule with
			Status Disable). Without it, disabling changes only the switch.
			*/
			record?: boolean;
			/** With `enable: false`: delete the rules' settings in the region (DeleteAssociatedResourceRule). */
			remove?: boolean;
	  }
	| RamCommand
	/**
	Preset tags: add keys (with values), or remove keys or single values. A
	key's own description wins over the command's.
	*/
	| {
			op: 'preset';
			add?: Array<{key: string; values: string[]; description?: string}>;
			remove?: Array<{key: string; value?: string}>;
			description?: string;
	  }
	/**
	Tag policies: create, delete, attach, detach, modify (a new document or
	description, or both); strong verification on or off.
	*/
	| {
			op: 'tag-policy';
			action: 'create' | 'delete' | 'attach' | 'detach' | 'modify' | 'strong';
			name?: string;
			document?: string;
			description?: string;
			enabled?: boolean;
	  }
	/** Renames the similar keys and values the effective policy (or one policy) finds to its spelling. */
	| {op: 'fix'; policy?: string; region?: string}
	/** `step`: the step the user was shown; refused (History.Conflict) if it is no longer the one. */
	| {op: 'undo'; step?: number}
	| {op: 'redo'; step?: number};

/** What `tagdeck ram …` changes: users, groups, custom policies and their attachments. */
export type RamCommand = {
	op: 'ram';
	action:
		| 'create-user'
		| 'delete-user'
		| 'create-group'
		| 'delete-group'
		| 'add-to-group'
		| 'remove-from-group'
		| 'create-policy'
		| 'delete-policy'
		| 'attach'
		| 'detach';
	/** The user, group or policy the action is about (attach, detach: the policy). */
	name: string;
	/** Create-user: also make an AccessKey pair. */
	accessKey?: boolean;
	/** Create-policy: the document as written, and a description. */
	document?: string;
	description?: string;
	/** Add-to-group, remove-from-group: the users. */
	users?: string[];
	/** Attach, detach: the policy's type, and the user or the group. */
	policyType?: PolicyRef['type'];
	user?: string;
	group?: string;
};

/** The commands that act on many resources at once (and take `partial`). */
export type BatchCommand = Extract<Command, {ids: string[]}>;
