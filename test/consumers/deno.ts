// Deno consumer of the packed tarball, resolved through package.json and node_modules.
import { classify, type NpsCategory, nps, npsInterval } from 'npskit';

const c: NpsCategory = classify(9);
if (c !== 'promoter' || nps([10, 9, 8, 7, 3]) !== 50)
  throw new Error('Deno consumer: wrong result');
console.log('Deno ok', Deno.version.deno, npsInterval([10, 9, 3]).method);
