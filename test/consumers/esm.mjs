import { classicScheme, classify, nps, npsInterval } from 'npskit';

if (classify(8) !== 'promoter' || nps([10, 3], { scheme: classicScheme }) !== 0)
  throw new Error('ESM consumer: wrong result');
console.log('ESM ok', npsInterval([10, 9, 3]).method);
