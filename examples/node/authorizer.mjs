// A TOKEN authorizer for the orders API, written as Lambda authorizers
// usually are: it reads a bearer token, looks the caller up, and returns an
// IAM policy for the whole stage.
//
// Tokens are checked against a small in-file table: this is a demo, not a
// token validator. A real authorizer verifies a signature (a JWT library,
// a session store) at the same place. Keys in parentheses, such as
// (KC-CACHE), cite the pages listed in iamgate's docs/references.md.

// DEMO_TOKENS maps each demo bearer token to its caller.
const DEMO_TOKENS = new Map([
  ['tok-alice-7f3a9c', { user: 'alice', role: 'admin' }],
  ['tok-bob-2d8e41', { user: 'bob', role: 'reader' }],
]);

// GRANTS are the methods each role may call, as VERB/path patterns of the
// execute-api resource format (ARN-REF). `*` matches any run of
// characters, `/` included.
const GRANTS = {
  admin: { allow: ['GET/orders/*', 'DELETE/orders/*', 'GET/admin'], deny: [] },
  // Readers are granted the orders resources with any verb, and denied the
  // deletes explicitly: an explicit Deny wins over any Allow.
  reader: { allow: ['*/orders/*'], deny: ['DELETE/*'] },
};

export async function handler(event) {
  const token = bearerToken(event.authorizationToken);
  const caller = token && DEMO_TOKENS.get(token);
  if (!caller) {
    // Exactly "Unauthorized": API Gateway answers 401 only to this message;
    // any other error is a 500 (LA-USE).
    throw new Error('Unauthorized');
  }

  // The policy covers every method the caller may call in this stage, not
  // only event.methodArn: API Gateway caches this answer under the token and
  // reuses it for the caller's next requests to other routes (KC-CACHE).
  const stage = stageArn(event.methodArn);
  const grant = GRANTS[caller.role];
  const statements = [
    statement('Allow', grant.allow.map((m) => `${stage}/${m}`)),
    statement('Deny', grant.deny.map((m) => `${stage}/${m}`)),
  ].filter((s) => s.Resource.length > 0);

  return {
    principalId: caller.user,
    policyDocument: { Version: '2012-10-17', Statement: statements },
    // Context values must be strings, numbers or booleans (LA-OUTPUT).
    context: { user: caller.user, role: caller.role, readOnly: caller.role === 'reader' },
  };
}

// bearerToken returns the token of an "Authorization: Bearer TOKEN" header
// value, or undefined.
function bearerToken(header) {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

// stageArn cuts a method ARN,
// arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/VERB/PATH, after its stage.
function stageArn(methodArn) {
  const [apiArn, stage] = methodArn.split('/');
  return `${apiArn}/${stage}`;
}

function statement(effect, resources) {
  return { Effect: effect, Action: 'execute-api:Invoke', Resource: resources };
}
