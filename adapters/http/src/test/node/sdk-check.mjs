// Runs OPA's own TypeScript SDK against gavel serve's Data API, unchanged (OpaSdkTest starts the
// server and checks what this prints). Usage: node sdk-check.mjs URL TOKEN INPUT.json
import { OPAClient } from "@styra/opa";
import { readFileSync } from "node:fs";

const [url, token, inputFile] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputFile, "utf8"));
const opa = new OPAClient(url, { headers: { Authorization: `Bearer ${token}` } });
const out = {};
out.decision = await opa.evaluate("gavel/release/decision", input);
out.allow = await opa.evaluate("gavel/release/decision", input, {
  fromResult: (r) => r?.allow === true,
});
try {
  await new OPAClient(url, { headers: { Authorization: "Bearer gvl_not-a-token" } }).evaluate("gavel/release/decision", input);
  out.unauthenticated = "no error";
} catch (e) {
  out.unauthenticated = { name: e.constructor.name, message: String(e.message) };
}
process.stdout.write(JSON.stringify(out) + "\n");
