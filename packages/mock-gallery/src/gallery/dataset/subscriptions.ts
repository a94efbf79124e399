// Subscriptions (studios): the first thing generated, since users belong to one.
import { ascii, DATASET_SIZES, FIRST_DATE, type Generation, galleryDate } from "./generation.js";
import type { SubscriptionRecord } from "./records.js";

/** The subscriptions: every one active but the last, some without a contact. */
export function generateSubscriptions(g: Generation): SubscriptionRecord[] {
  const { faker, objectId, between, date } = g;
  const subscriptionNames = faker.helpers.arrayElements(
    [
      "Finance",
      "Operations",
      "Marketing",
      "Supply Chain",
      "Human Resources",
      "Sales Analytics",
      "Risk",
      "Data Engineering",
    ],
    DATASET_SIZES.subscriptions,
  );
  return subscriptionNames.map((name, i) => {
    const added = between(FIRST_DATE, FIRST_DATE + 120 * 86_400_000);
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const purchased = faker.helpers.arrayElement([10, 25, 50, 100]);
    return {
      id: objectId(added),
      name,
      active: i < DATASET_SIZES.subscriptions - 1,
      expirationDate:
        i % 3 === 0 ? null : galleryDate(Date.UTC(2022 + (i % 4), (i * 5) % 12, 1), 0),
      memberPassesPurchased: purchased,
      memberPassesUsed: faker.number.int({ min: 0, max: purchased }),
      contact:
        i % 4 === 3
          ? null
          : {
              name: `${first} ${last}`,
              email: `${ascii(first)}.${ascii(last)}@example.com`,
              company: faker.company.name(),
              address: {
                country: faker.location.country(),
                addressLine1: faker.location.streetAddress(),
                addressLine2: faker.datatype.boolean(0.3)
                  ? faker.location.secondaryAddress()
                  : null,
                city: faker.location.city(),
                state: faker.datatype.boolean(0.6) ? faker.location.state() : null,
                postalCode: faker.location.zipCode(),
              },
            },
      dateAdded: date(added),
    };
  });
}
