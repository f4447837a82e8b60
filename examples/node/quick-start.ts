// Run with: npx tsx examples/node/quick-start.ts
import { classicScheme, nps, npsInterval, tally } from '../../src/index.ts';

const scores = [10, 9, 8, 7, 6, 3, 10, 2];
console.log('tally', tally(scores));
console.log('NPS (ten-point scheme)', nps(scores));
console.log('NPS (classic scheme)', nps([10, 9, 8, 3], { scheme: classicScheme }));
console.log('interval', npsInterval(scores));
