/**
A refusal: the command (or part of it) cannot be done. `code` follows the real
Alibaba Cloud `Category.Reason` shape; codes the cloud does not document are the
simulator's own and listed in `ownCodes`.
*/
export class TagdeckError extends Error {
	constructor(
		readonly code: string,
		message: string,
		/** What the cloud adds to some refusals (Forbidden.RAM: the AccessDeniedDetail). */
		readonly detail?: AccessDetail,
	) {
		super(message);
		this.name = 'TagdeckError';
	}
}

/** What RAM reports of a denied call (its `AccessDeniedDetail`), and what decided it. */
export type AccessDetail = {
	authAction: string;
	authResource: string;
	noPermissionType: 'ExplicitDeny' | 'ImplicitDeny';
	/** The policy and statement (from 1) that denied; absent for ImplicitDeny. */
	policy?: string;
	statement?: number;
};

export type Failure = {
	id: string;
	code: string;
	message: string;
	detail?: AccessDetail;
};

/** A refusal as results and JSON carry it. */
export function failureOf(id: string, error: TagdeckError): Failure {
	return {
		id,
		code: error.code,
		message: error.message,
		...(error.detail ? {detail: error.detail} : {}),
	};
}

/**
The codes tagdeck uses where Alibaba Cloud documents none, in the cloud's
`Category.Reason` shape. Every other code tagdeck gives is documented (see
docs/cloud-facts.md); the README lists these.
*/
export const ownCodes: readonly string[] = [
	'CostTag.NotEnabled',
	'CostTag.NotFound',
	'Duplicate.Name',
	'Export.Refused',
	'Forbidden.AccountOnly',
	'History.Conflict',
	'History.NothingToRedo',
	'History.NothingToUndo',
	'InvalidOperation.AlreadyLinked',
	'InvalidOperation.CreatedByClosed',
	'InvalidOperation.CrossRegion',
	'InvalidOperation.CrossZone',
	'InvalidOperation.NotCopyable',
	'InvalidOperation.NotLinked',
	'InvalidOperation.RegionNotSupported',
	'InvalidParameter.Command',
	'InvalidParameter.Count',
	'InvalidParameter.Duration',
	'InvalidParameter.ExistingStatus',
	'InvalidParameter.Filter',
	'InvalidParameter.Link',
	'InvalidParameter.Month',
	'InvalidParameter.Name',
	'InvalidParameter.PolicyContent',
	'InvalidParameter.PolicyName',
	'InvalidParameter.Quota',
	'InvalidParameter.Region',
	'InvalidParameter.Size',
	'InvalidParameter.Spec',
	'InvalidParameter.Type',
	'InvalidParameter.Zone',
	'Lesson.SolutionFailed',
	'MissingParameter.Link',
	'MissingParameter.ResourceIds',
	'PresetTag.Quota',
	'Request.Malformed',
	'Request.Timeout',
	'Request.TooLarge',
	'PresetTag.ValueNotFound',
	'TagPolicy.Attached',
	'TagPolicy.Exists',
	'TagPolicy.NonCompliant',
	'TagPolicy.NotAttached',
	'TagPolicy.NotFound',
	'Unsupported.PolicyElement',
	'WorldFile.*',
];
