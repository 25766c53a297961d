/** The system policies tagdeck knows (system-policies.ts holds their documents). */
export const systemPolicyNames = [
	'AliyunECSFullAccess',
	'AliyunECSReadOnlyAccess',
	'AliyunTagFullAccess',
	'AliyunTagReadOnlyAccess',
	'AliyunRAMFullAccess',
	'AliyunRAMReadOnlyAccess',
] as const;
