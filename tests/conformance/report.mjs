#!/usr/bin/env node
// Summarises and compares results of the conformance suite's server scenarios.
//
//   node report.mjs summarize RAW_DIR URL SCENARIO_LIST_FILE OUT_JSON
//       RAW_DIR holds the suite's server-<scenario>-<timestamp>/checks.json folders (its -o option).
//       A scenario passes when it produced checks and none of them is FAILURE (WARNING and INFO do
//       not fail it, as in the suite's own summary); a scenario without results fails.
//       Writes OUT_JSON and prints one line per scenario, then `conformance: N passed, M failed`.
//   node report.mjs compare DIRECT_JSON GATEWAY_JSON
//       Prints every scenario that passed in DIRECT_JSON but not in GATEWAY_JSON;
//       exit 1 if there is any, else 0.

import fs from 'node:fs';
import path from 'node:path';

function summarize(rawDir, url, listFile, outJson) {
  const expected = fs
    .readFileSync(listFile, 'utf8')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  const byScenario = new Map();
  const dirs = fs.existsSync(rawDir) ? fs.readdirSync(rawDir).sort() : [];
  for (const name of expected) {
    // folders are named server-<scenario>-<ISO timestamp with : and . replaced by ->
    const re = new RegExp(`^server-${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{4}-\\d{2}-\\d{2}T`);
    const dir = dirs.filter((d) => re.test(d)).pop();
    if (!dir) continue;
    const file = path.join(rawDir, dir, 'checks.json');
    if (fs.existsSync(file)) byScenario.set(name, JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  const scenarios = expected.map((name) => {
    const checks = byScenario.get(name);
    if (!checks) {
      return { name, passed: false, counts: {}, errors: ['no result (scenario did not run or crashed)'] };
    }
    const counts = {};
    for (const c of checks) counts[c.status] = (counts[c.status] ?? 0) + 1;
    const failures = checks.filter((c) => c.status === 'FAILURE');
    const warnings = checks.filter((c) => c.status === 'WARNING');
    return {
      name,
      passed: checks.length > 0 && failures.length === 0,
      counts,
      errors: failures.map((c) => `${c.id}: ${c.errorMessage ?? c.description}`),
      warnings: warnings.map((c) => `${c.id}: ${c.errorMessage ?? c.description}`),
    };
  });
  const passed = scenarios.filter((s) => s.passed).length;
  const failed = scenarios.length - passed;
  const out = {
    url,
    date: new Date().toISOString(),
    passed,
    failed,
    ranAny: byScenario.size > 0,
    scenarios,
  };
  fs.mkdirSync(path.dirname(path.resolve(outJson)), { recursive: true });
  fs.writeFileSync(outJson, JSON.stringify(out, null, 2) + '\n');
  for (const s of scenarios) {
    const c = s.counts;
    const tally = `${c.SUCCESS ?? 0} ok, ${c.FAILURE ?? 0} failed, ${c.WARNING ?? 0} warnings`;
    console.log(`${s.passed ? 'PASS' : 'FAIL'} ${s.name} (${tally})${s.passed ? '' : ' - ' + s.errors.join('; ')}`);
  }
  console.log(`results: ${outJson}`);
  console.log(`conformance: ${passed} passed, ${failed} failed`);
  return out.ranAny ? 0 : 3;
}

function compare(directJson, gatewayJson) {
  const a = JSON.parse(fs.readFileSync(directJson, 'utf8'));
  const b = JSON.parse(fs.readFileSync(gatewayJson, 'utf8'));
  const viaGateway = new Map(b.scenarios.map((s) => [s.name, s]));
  const regressions = a.scenarios
    .filter((s) => s.passed)
    .filter((s) => !viaGateway.get(s.name)?.passed)
    .map((s) => ({ name: s.name, errors: viaGateway.get(s.name)?.errors ?? ['not run through the gateway'] }));
  for (const r of regressions) console.log(`REGRESSION ${r.name} - ${r.errors.join('; ')}`);
  console.log(
    `direct: ${a.passed} passed, ${a.failed} failed; gateway: ${b.passed} passed, ${b.failed} failed; ` +
      `${regressions.length} scenario(s) pass directly but not through the gateway`,
  );
  return regressions.length === 0 ? 0 : 1;
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'summarize' && rest.length === 4) process.exit(summarize(...rest));
else if (cmd === 'compare' && rest.length === 2) process.exit(compare(...rest));
else {
  console.error('usage: report.mjs summarize RAW_DIR URL SCENARIO_LIST_FILE OUT_JSON | compare DIRECT_JSON GATEWAY_JSON');
  process.exit(2);
}
