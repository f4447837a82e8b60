// R datasets::mtcars (Motor Trend 1974 road tests; Henderson & Velleman 1981), 32 cars.
// Public data shipped with base R; printed by R 4.2.2 with as.character(), one row per car.
// Columns: mpg, cyl, disp, hp, drat, wt, qsec (the model in test/drivers/reference/relaimpo.R).
export const mtcars: readonly (readonly number[])[] = [
  [21, 6, 160, 110, 3.9, 2.62, 16.46], // Mazda RX4
  [21, 6, 160, 110, 3.9, 2.875, 17.02], // Mazda RX4 Wag
  [22.8, 4, 108, 93, 3.85, 2.32, 18.61], // Datsun 710
  [21.4, 6, 258, 110, 3.08, 3.215, 19.44], // Hornet 4 Drive
  [18.7, 8, 360, 175, 3.15, 3.44, 17.02], // Hornet Sportabout
  [18.1, 6, 225, 105, 2.76, 3.46, 20.22], // Valiant
  [14.3, 8, 360, 245, 3.21, 3.57, 15.84], // Duster 360
  [24.4, 4, 146.7, 62, 3.69, 3.19, 20], // Merc 240D
  [22.8, 4, 140.8, 95, 3.92, 3.15, 22.9], // Merc 230
  [19.2, 6, 167.6, 123, 3.92, 3.44, 18.3], // Merc 280
  [17.8, 6, 167.6, 123, 3.92, 3.44, 18.9], // Merc 280C
  [16.4, 8, 275.8, 180, 3.07, 4.07, 17.4], // Merc 450SE
  [17.3, 8, 275.8, 180, 3.07, 3.73, 17.6], // Merc 450SL
  [15.2, 8, 275.8, 180, 3.07, 3.78, 18], // Merc 450SLC
  [10.4, 8, 472, 205, 2.93, 5.25, 17.98], // Cadillac Fleetwood
  [10.4, 8, 460, 215, 3, 5.424, 17.82], // Lincoln Continental
  [14.7, 8, 440, 230, 3.23, 5.345, 17.42], // Chrysler Imperial
  [32.4, 4, 78.7, 66, 4.08, 2.2, 19.47], // Fiat 128
  [30.4, 4, 75.7, 52, 4.93, 1.615, 18.52], // Honda Civic
  [33.9, 4, 71.1, 65, 4.22, 1.835, 19.9], // Toyota Corolla
  [21.5, 4, 120.1, 97, 3.7, 2.465, 20.01], // Toyota Corona
  [15.5, 8, 318, 150, 2.76, 3.52, 16.87], // Dodge Challenger
  [15.2, 8, 304, 150, 3.15, 3.435, 17.3], // AMC Javelin
  [13.3, 8, 350, 245, 3.73, 3.84, 15.41], // Camaro Z28
  [19.2, 8, 400, 175, 3.08, 3.845, 17.05], // Pontiac Firebird
  [27.3, 4, 79, 66, 4.08, 1.935, 18.9], // Fiat X1-9
  [26, 4, 120.3, 91, 4.43, 2.14, 16.7], // Porsche 914-2
  [30.4, 4, 95.1, 113, 3.77, 1.513, 16.9], // Lotus Europa
  [15.8, 8, 351, 264, 4.22, 3.17, 14.5], // Ford Pantera L
  [19.7, 6, 145, 175, 3.62, 2.77, 15.5], // Ferrari Dino
  [15, 8, 301, 335, 3.54, 3.57, 14.6], // Maserati Bora
  [21.4, 4, 121, 109, 4.11, 2.78, 18.6], // Volvo 142E
];

/** Driver names of `mtcars` in column order (the outcome is mpg). */
export const MTCARS_NAMES = ['cyl', 'disp', 'hp', 'drat', 'wt', 'qsec'];
