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

/** Codes that are tagdeck's own (the real cloud documents none for the case). */
const ownCodes = new Set([
	'InvalidParameter.Filter',
	'InvalidParameter.Region',
	'InvalidParameter.Zone',
	'InvalidParameter.Type',
	'InvalidParameter.Name',
	'InvalidParameter.Link',
	'InvalidParameter.Count',
	'InvalidParameter.Command',
	'InvalidOperation.Link',
	'InvalidOperation.NotLinked',
	'InvalidOperation.AlreadyLinked',
	'InvalidOperation.CrossRegion',
	'InvalidOperation.CrossZone',
	'InvalidOperation.NotCopyable',
	'MissingParameter.Link',
	'Duplicate.Name',
	'History.NothingToUndo',
	'History.NothingToRedo',
	'History.Conflict',
]);

export type Failure = {id: string; code: string; message: string};
