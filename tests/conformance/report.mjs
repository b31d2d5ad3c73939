#!/usr/bin/env node
// Summarises and compares results of the conformance suite's server scenarios.
//
//   node report.mjs summarize RAW_DIR URL REQUIREMENTS SCENARIO_LIST_FILE OUT_JSON
//       RAW_DIR holds the suite's server-<scenario>-<timestamp>/checks.json folders (its -o option).
//       SCENARIO_LIST_FILE has one line per server scenario: `scored NAME` or `not_scored NAME`
//       (from `conformance list --requirements REQUIREMENTS`). Only scored scenarios count.
//       A check passes when its status is SUCCESS; a scenario passes when it produced checks and
//       none of them is FAILURE (WARNING and INFO do not fail it, as in the suite's own summary).
//       Writes OUT_JSON and prints one line per scenario, then
//       `conformance REQUIREMENTS: scored checks N passed, M failed, W warnings; scenarios P of S passed`.
//   node report.mjs compare DIRECT_JSON GATEWAY_JSON [EXPECTED_FAILURES_FILE]
//       Every scored check (scenario:check-id) that passed in DIRECT_JSON but not in GATEWAY_JSON is a
//       regression, unless EXPECTED_FAILURES_FILE lists it (one `scenario:check-id` per line, `#` comments).
//       Exit 1 if there is an unexpected regression, else 0.

import fs from 'node:fs';
import path from 'node:path';

function readScenarioList(listFile) {
  return fs
    .readFileSync(listFile, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((parts) => parts.length === 2)
    .map(([kind, name]) => ({ name, scored: kind === 'scored' }));
}

function latestChecks(rawDir, dirs, name) {
  // folders are named server-<scenario>-<ISO timestamp with : and . replaced by ->
  const re = new RegExp(`^server-${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{4}-\\d{2}-\\d{2}T`);
  const dir = dirs.filter((d) => re.test(d)).pop();
  const file = dir && path.join(rawDir, dir, 'checks.json');
  return file && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

function summarize(rawDir, url, requirements, listFile, outJson) {
  const dirs = fs.existsSync(rawDir) ? fs.readdirSync(rawDir).sort() : [];
  let ranAny = false;
  const scenarios = readScenarioList(listFile).map(({ name, scored }) => {
    const raw = latestChecks(rawDir, dirs, name);
    if (!raw) {
      return { name, scored, passed: false, counts: {}, checks: [], errors: ['no result (scenario did not run or crashed)'] };
    }
    ranAny = true;
    const checks = raw.map((c) => ({ id: c.id, status: c.status, message: c.errorMessage ?? undefined }));
    const counts = {};
    for (const c of checks) counts[c.status] = (counts[c.status] ?? 0) + 1;
    const failures = checks.filter((c) => c.status === 'FAILURE');
    return {
      name,
      scored,
      passed: checks.length > 0 && failures.length === 0,
      counts,
      checks,
      errors: failures.map((c) => `${c.id}: ${c.message ?? 'failed'}`),
    };
  });

  const scored = scenarios.filter((s) => s.scored);
  const tally = (list, status) => list.reduce((n, s) => n + (s.counts[status] ?? 0), 0);
  const out = {
    url,
    requirements,
    date: new Date().toISOString(),
    scoredChecks: { passed: tally(scored, 'SUCCESS'), failed: tally(scored, 'FAILURE'), warnings: tally(scored, 'WARNING') },
    scoredScenarios: { passed: scored.filter((s) => s.passed).length, total: scored.length },
    notScoredChecks: {
      passed: tally(scenarios.filter((s) => !s.scored), 'SUCCESS'),
      failed: tally(scenarios.filter((s) => !s.scored), 'FAILURE'),
    },
    ranAny,
    scenarios,
  };
  fs.mkdirSync(path.dirname(path.resolve(outJson)), { recursive: true });
  fs.writeFileSync(outJson, JSON.stringify(out, null, 2) + '\n');
  for (const s of scenarios) {
    const c = s.counts;
    const line = `${c.SUCCESS ?? 0} ok, ${c.FAILURE ?? 0} failed, ${c.WARNING ?? 0} warnings`;
    const mark = s.passed ? 'PASS' : 'FAIL';
    console.log(`${mark} ${s.name}${s.scored ? '' : ' (not scored)'} (${line})${s.passed ? '' : ' - ' + s.errors.join('; ')}`);
  }
  console.log(`results: ${outJson}`);
  console.log(
    `conformance ${requirements}: scored checks ${out.scoredChecks.passed} passed, ${out.scoredChecks.failed} failed, ` +
      `${out.scoredChecks.warnings} warnings; scored scenarios ${out.scoredScenarios.passed} of ${out.scoredScenarios.total} passed`,
  );
  return ranAny ? 0 : 3;
}

/** scenario:check-id -> passed (every occurrence SUCCESS), for scored scenarios only. */
function scoredCheckMap(summary) {
  const map = new Map();
  for (const s of summary.scenarios.filter((x) => x.scored)) {
    for (const c of s.checks) {
      const key = `${s.name}:${c.id}`;
      map.set(key, (map.get(key) ?? true) && c.status === 'SUCCESS');
    }
  }
  return map;
}

function compare(directJson, gatewayJson, expectedFile) {
  const a = JSON.parse(fs.readFileSync(directJson, 'utf8'));
  const b = JSON.parse(fs.readFileSync(gatewayJson, 'utf8'));
  const expected = new Set(
    expectedFile
      ? fs.readFileSync(expectedFile, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean)
      : [],
  );
  const direct = scoredCheckMap(a);
  const viaGateway = scoredCheckMap(b);
  const lost = [...direct].filter(([, ok]) => ok).map(([key]) => key).filter((key) => viaGateway.get(key) !== true);
  const unexpected = lost.filter((key) => !expected.has(key));
  const stale = [...expected].filter((key) => direct.get(key) === true && viaGateway.get(key) === true);
  for (const key of lost) console.log(`${expected.has(key) ? 'EXPECTED' : 'REGRESSION'} ${key}`);
  for (const key of stale) console.log(`NOW PASSES ${key} (delete it from the expected failures)`);
  console.log(
    `${a.requirements}: direct ${a.scoredChecks.passed} scored checks passed; gateway ${b.scoredChecks.passed}; ` +
      `${lost.length} pass directly but not through the gateway (${unexpected.length} unexpected)`,
  );
  return unexpected.length === 0 ? 0 : 1;
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'summarize' && rest.length === 5) process.exit(summarize(...rest));
else if (cmd === 'compare' && (rest.length === 2 || rest.length === 3)) process.exit(compare(...rest));
else {
  console.error(
    'usage: report.mjs summarize RAW_DIR URL REQUIREMENTS SCENARIO_LIST_FILE OUT_JSON | compare DIRECT_JSON GATEWAY_JSON [EXPECTED_FAILURES]',
  );
  process.exit(2);
}
