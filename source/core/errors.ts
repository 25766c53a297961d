/**
A refusal: the command (or part of it) cannot be done. `code` follows the real
Alibaba Cloud `Category.Reason` shape; codes the cloud does not document are the
simulator's own and listed in `ownCodes`.
*/
export class TagdeckError extends Error {
	constructor(
		readonly code: string,
		message: string,
	) {
		super(message);
		this.name = 'TagdeckError';
	}
}

export type Failure = {id: string; code: string; message: string};

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
	'InvalidParameter.Quota',
	'InvalidParameter.Region',
	'InvalidParameter.Size',
	'InvalidParameter.Spec',
	'InvalidParameter.Type',
	'InvalidParameter.Zone',
	'MissingParameter.Link',
	'MissingParameter.ResourceIds',
	'Unsupported.PolicyElement',
	'WorldFile.*',
];
