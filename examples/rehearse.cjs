// The README's "Rehearse a script": run it beside `tagdeck serve` (see the README).
// Kept the same as the README's copy by test/cli/rehearse.test.ts.
const fs = require('node:fs');
const Tag = require('@alicloud/tag20180828');

// The client is the package's default export; each action's request is a class of it.
const {default: TagClient} = Tag;

const {accessKeyId, accessKeySecret} = JSON.parse(
	fs.readFileSync('key.json', 'utf8'),
);

const client = new TagClient({
	accessKeyId,
	accessKeySecret,
	endpoint: process.env.TAGDECK_ENDPOINT ?? '127.0.0.1:8080',
	protocol: 'HTTP',
});
const regionId = 'cn-hangzhou';

async function main() {
	const arns = [];
	let nextToken;
	do {
		const page = await client.listTagResources(
			new Tag.ListTagResourcesRequest({
				regionId,
				tags: JSON.stringify({Test: 'Server-Windows'}),
				pageSize: 50,
				nextToken,
			}),
		);
		for (const resource of page.body.tagResources)
			arns.push(resource.resourceARN);
		nextToken = page.body.nextToken || undefined;
	} while (nextToken);

	for (let i = 0; i < arns.length; i += 50) {
		const result = await client.tagResources(
			new Tag.TagResourcesRequest({
				regionId,
				resourceARN: arns.slice(i, i + 50),
				tags: JSON.stringify({patch: '2026-12'}),
			}),
		);
		for (const failed of result.body.failedResources.failedResource)
			console.log(`not tagged: ${failed.resourceARN}: ${failed.result.code}`);
	}

	console.log(`Tagged ${arns.length} resources patch=2026-12.`);
}

main().catch((error) => {
	console.error(error.message);
	process.exitCode = 1;
});
