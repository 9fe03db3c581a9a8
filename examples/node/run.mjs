#!/usr/bin/env node
// run.mjs runs a Lambda handler once, locally, the way iamgate's `command`
// authorizers expect:
//
//   node run.mjs ./authorizer.mjs [exportName]     (exportName: handler)
//
// It reads one event (JSON) from stdin, imports the module (ES module or
// CommonJS), calls the handler and writes what Lambda would return:
//
//   - success: the handler's result as JSON on stdout, exit status 0;
//   - failure: Lambda's error shape {"errorMessage", "errorType"} on
//     stdout, exit status 1. The stack goes to stderr.
//
// Both handler styles of the Node.js runtime are supported: an async
// handler (or one returning a promise), and the callback style
// handler(event, context, callback). As in Lambda, a callback called with a
// string fails with errorType "string", and a handler that neither settles
// nor calls back once nothing is left to run returns null. A handler that
// keeps the event loop busy forever is waited for: the caller's timeout
// decides.

import { randomUUID } from 'node:crypto';
import { Console } from 'node:console';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Only the answer goes to stdout. What the handler logs (Lambda would send
// it to CloudWatch Logs) goes to stderr, which iamgate shows in its report.
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });

// Exit statuses: 0 the handler returned, 1 it failed (Lambda's error shape
// is on stdout), 2 the runner was used wrongly or the event is not JSON.
const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

// budgetMs is what context.getRemainingTimeInMillis counts down from: the
// function's timeout. It matches iamgate's default command timeout.
const budgetMs = Number(process.env.LAMBDA_TIMEOUT_MS) || 10_000;

function usage(message) {
  process.stderr.write(`run.mjs: ${message}\nusage: node run.mjs MODULE [EXPORT]\n`);
  process.exit(EXIT_USAGE);
}

// finish writes the answer once and exits when stdout has taken it, so a
// pipe is never cut short. Later calls (a second callback, a promise
// settling after the callback) are ignored, as Lambda ignores them.
let finished = false;
function finish(status, value) {
  if (finished) return;
  finished = true;
  let text;
  try {
    text = JSON.stringify(value ?? null);
  } catch (err) {
    // A result Lambda could not serialize either (a cycle, a BigInt).
    status = EXIT_FAILED;
    text = JSON.stringify({ errorMessage: `Unable to stringify response body: ${err.message}`, errorType: 'Runtime.MarshalError' });
  }
  process.stdout.write(text + '\n', () => process.exit(status));
}

// fail reports an error the way the Node.js runtime does: an Error gives
// its name and message, anything else its type and its text.
function fail(err) {
  if (err instanceof Error) {
    process.stderr.write(`${err.stack ?? err}\n`);
    finish(EXIT_FAILED, { errorMessage: err.message, errorType: err.name });
  } else {
    finish(EXIT_FAILED, { errorMessage: String(err), errorType: typeof err });
  }
}

function runtimeError(type, message) {
  const err = new Error(message);
  err.name = `Runtime.${type}`;
  return err;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// lambdaContext is the context object's usual fields. The region and the
// account come from the event's methodArn when it has one, so ARNs the
// handler builds from them look like the deployed function's.
function lambdaContext(event, functionName, settle) {
  const [, , , region = process.env.AWS_REGION ?? 'us-east-1', account = '123456789012'] =
    String(event?.methodArn ?? '').split(':');
  const deadline = Date.now() + budgetMs;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${account}:function:${functionName}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    // The legacy completion methods, still found in old handlers.
    done: settle,
    succeed: (result) => settle(null, result),
    fail: (err) => settle(err ?? 'handled'),
  };
}

const [modulePath, exportName = 'handler'] = process.argv.slice(2);
if (!modulePath) usage('no module given');

// Errors thrown outside the handler's promise or callback still end the
// invocation, as they crash the Lambda runtime.
process.on('uncaughtException', fail);
process.on('unhandledRejection', (reason) => {
  fail(runtimeError('UnhandledPromiseRejection', reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)));
});

const input = await readStdin();
let event;
try {
  event = JSON.parse(input);
} catch (err) {
  usage(`the event on stdin is not JSON: ${err.message}`);
}

let mod;
try {
  mod = await import(pathToFileURL(path.resolve(modulePath)).href);
} catch (err) {
  process.stderr.write(`${err.stack ?? err}\n`);
  fail(runtimeError('ImportModuleError', `${err.name}: ${err.message}`));
}

if (mod) {
  // A CommonJS module's exports may only be reachable through default.
  const handler = mod[exportName] ?? mod.default?.[exportName];
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? path.basename(modulePath).replace(/\.[cm]?js$/, '');
  if (typeof handler !== 'function') {
    fail(runtimeError('HandlerNotFound', `${path.basename(modulePath)}.${exportName} is undefined or not exported`));
  } else {
    const settle = (err, result) => (err === undefined || err === null ? finish(EXIT_OK, result) : fail(err));
    // Nothing left to run and no answer: Lambda returns null.
    process.on('beforeExit', () => finish(EXIT_OK, null));
    try {
      const returned = handler(event, lambdaContext(event, functionName, settle), settle);
      if (typeof returned?.then === 'function') {
        returned.then((result) => settle(null, result), (err) => settle(err ?? 'handled'));
      }
    } catch (err) {
      fail(err);
    }
  }
}
