// A CommonJS script (npskit installed from npm). Run: node examples/commonjs.cjs
// The head office's NPS month by month over the sample group's last half-year, in its time zone.
const { trend, isNpsInputError } = require('npskit');
const { sampleRetailGroup } = require('npskit/sample');

const group = sampleRetailGroup();
const t = trend(group.responses, { period: 'month', timeZone: group.timeZone });
for (const p of t.points.slice(-6))
  console.log(
    `${p.label}: NPS ${p.nps.toFixed(1)} (±${((p.high - p.low) / 2).toFixed(1)}), n = ${p.n}`,
  );
if (t.points.reduce((s, p) => s + p.n, 0) + t.outsideN !== group.responses.length)
  throw new Error('CommonJS example: lost answers');
try {
  trend(group.responses, { period: 'month', timeZone: 'Europe/Kiev2' });
  throw new Error('CommonJS example: a bad zone was accepted');
} catch (e) {
  if (!isNpsInputError(e) || e.code !== 'invalid_time_zone') throw e;
  console.log(`CommonJS ok (a bad zone is refused: ${e.message})`);
}
