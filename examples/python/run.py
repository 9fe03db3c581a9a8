#!/usr/bin/env python3
"""Run a Lambda handler once, locally, the way iamgate's `command`
authorizers expect:

    python3 run.py authorizer.handler      (or authorizer:handler)

It reads one event (JSON) from stdin, imports the module from the working
folder, calls handler(event, context) and writes what Lambda would return:

- success: the handler's result as JSON on stdout, exit status 0;
- failure: Lambda's error shape {"errorMessage", "errorType"} on stdout,
  exit status 1. The traceback goes to stderr.

Exit status 2 means the runner was used wrongly or the event is not JSON.
Standard library only.
"""

import importlib
import json
import os
import sys
import time
import traceback
import uuid

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# The function's timeout, which get_remaining_time_in_millis counts down
# from. It matches iamgate's default command timeout.
BUDGET_MS = int(os.environ.get("LAMBDA_TIMEOUT_MS", "10000"))

# Only the answer goes to stdout. What the handler prints (Lambda would send
# it to CloudWatch Logs) goes to stderr, which iamgate shows in its report.
ANSWER = sys.stdout
sys.stdout = sys.stderr


class LambdaContext:
    """The usual fields of the context object of Lambda's Python runtime."""

    def __init__(self, function_name, method_arn):
        # The region and account come from the event's methodArn when it has
        # one, so ARNs built from the context look like the deployed ones.
        parts = (method_arn or "").split(":")
        region = parts[3] if len(parts) > 4 else os.environ.get("AWS_REGION", "us-east-1")
        account = parts[4] if len(parts) > 4 else "123456789012"
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{region}:{account}:function:{function_name}"
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = f"local/[$LATEST]{uuid.uuid4().hex}"
        self._deadline = time.monotonic() + BUDGET_MS / 1000

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def usage(message):
    print(f"run.py: {message}\nusage: python3 run.py MODULE.FUNCTION", file=sys.stderr)
    sys.exit(EXIT_USAGE)


def failed(error_type, message):
    """Write Lambda's error shape and exit 1."""
    ANSWER.write(json.dumps({"errorMessage": message, "errorType": error_type}) + "\n")
    sys.exit(EXIT_FAILED)


def load_handler(spec):
    module_name, sep, function_name = spec.replace(":", ".").rpartition(".")
    if not sep or not module_name or not function_name:
        usage(f"{spec!r} is not MODULE.FUNCTION")
    # The handler's folder is the working folder, as /var/task is in Lambda.
    # No __pycache__ is left behind in it.
    sys.path.insert(0, os.getcwd())
    sys.dont_write_bytecode = True
    try:
        module = importlib.import_module(module_name)
    except Exception as err:  # a syntax error or a failing import in the module
        traceback.print_exc()
        failed("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {err}")
    handler = getattr(module, function_name, None)
    if not callable(handler):
        failed("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'")
    return module_name, handler


def main(argv):
    if len(argv) != 2:
        usage("give one handler")
    # The event is read first, so the writer of stdin never finds it closed.
    try:
        event = json.load(sys.stdin)
    except ValueError as err:
        usage(f"the event on stdin is not JSON: {err}")
    module_name, handler = load_handler(argv[1])

    context = LambdaContext(
        os.environ.get("AWS_LAMBDA_FUNCTION_NAME", module_name),
        event.get("methodArn") if isinstance(event, dict) else None,
    )
    try:
        result = handler(event, context)
    except Exception as err:
        traceback.print_exc()
        failed(type(err).__name__, str(err))

    try:
        text = json.dumps(result)
    except (TypeError, ValueError) as err:
        failed("Runtime.MarshalError", f"Unable to marshal response: {err}")
    ANSWER.write(text + "\n")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv))
