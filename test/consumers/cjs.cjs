const { classify, nps, tally, isNpsInputError } = require('npskit');
if (classify(8) !== 'promoter' || nps([10, 9, 8, 7, 3]) !== 50)
  throw new Error('CJS consumer: wrong result');
try {
  tally([11]);
  throw new Error('no throw');
} catch (e) {
  if (!isNpsInputError(e)) throw e;
}
console.log('CJS ok', nps([10, 9, 8, 7, 3]));
