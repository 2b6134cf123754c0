import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { describeResult, GENERATE_FROM_COMMENT, generateArguments } from "../src/generate";

const CURSOR = { uri: "file:///s.py", version: 7, line: 3 };

describe("generateArguments", () => {
  it("takes the arguments of the server's generate code action", () => {
    const actions = [
      { title: "Rename lenght to length", edit: {} },
      { title: "Generate strategy from comment", kind: "refactor.rewrite",
        command: { title: "Generate", command: GENERATE_FROM_COMMENT,
          arguments: ["file:///s.py", 7, 1] } },
    ];
    assert.deepEqual(generateArguments(actions, CURSOR), ["file:///s.py", 7, 1]);
  });

  it("accepts a bare Command as well as a CodeAction", () => {
    const actions = [{ title: "Generate", command: GENERATE_FROM_COMMENT,
      arguments: ["file:///s.py", 7, 2] }];
    assert.deepEqual(generateArguments(actions, CURSOR), ["file:///s.py", 7, 2]);
  });

  it("falls back to the cursor's line so the server can say what is missing", () => {
    assert.deepEqual(generateArguments(null, CURSOR), ["file:///s.py", 7, 3]);
    const regenerate = [{ title: "Regenerate", command: { title: "Regenerate",
      command: "strategyLsp.regenerateParameter", arguments: ["file:///s.py", 7, "ticker", 1, 2] } }];
    assert.deepEqual(generateArguments(regenerate, CURSOR), ["file:///s.py", 7, 3]);
  });
});

describe("describeResult", () => {
  it("reads the server's answer", () => {
    assert.equal(describeResult({ applied: true }), "inserted");
    assert.equal(describeResult({ applied: false, reason: "cancelled" }), "not inserted: cancelled");
    assert.equal(describeResult(null), undefined);
  });
});
