// Seeded faker instances for the English locale only. Importing "@faker-js/faker" itself loads
// every locale (about 4x slower to start); the en entry point exports just one instance, so new
// independent instances are built from its class and definitions.
import type { Faker } from "@faker-js/faker";
import { faker as english } from "@faker-js/faker/locale/en";

const FakerClass = english.constructor as typeof Faker;

/** A new English faker seeded with `seed` (independent of every other instance). */
export function seededFaker(seed: number): Faker {
  const instance = new FakerClass({ locale: [english.rawDefinitions] });
  instance.seed(seed);
  return instance;
}
