import { test } from "node:test";
import assert from "node:assert/strict";
import { shortModelName } from "../../src/modelNames";

test("model ids read as names: embedded, a cache snapshot by its hub name, a folder by its name", () => {
    assert.equal(shortModelName("embedded:all-MiniLM-L6-v2"), "all-MiniLM-L6-v2");
    assert.equal(shortModelName("hf:/home/u/.cache/huggingface/hub/models--EleutherAI--pythia-70m/snapshots/abc123"), "EleutherAI/pythia-70m");
    assert.equal(shortModelName("hf:/home/u/.cache/huggingface/hub/models--gpt2/snapshots/607a30d"), "gpt2");
    assert.equal(shortModelName("hf:/data/models/my-llama/"), "my-llama");
    assert.equal(shortModelName("hf:C:\\models\\qwen"), "qwen");
    assert.equal(shortModelName("other"), "other");
});
