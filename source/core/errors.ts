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
