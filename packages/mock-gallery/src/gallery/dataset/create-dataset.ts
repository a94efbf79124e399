// The dataset of the in-memory Gallery: one generator per resource, called in a fixed order
// over one seeded faker, so that the same seed always gives the same data (a test pins the
// hash of seeds 1 and 3). A generator that draws more or fewer values changes every resource
// generated after it: add new draws at the end.
import { generateAuditLog } from "./audit-log.js";
import { generateCollections, linkCollections } from "./collections.js";
import { generateDataConnections } from "./data-connections.js";
import { DATASET_SIZES, entityIds, startGeneration } from "./generation.js";
import { generateInsights } from "./insights.js";
import { generateJobs } from "./jobs.js";
import type { Dataset } from "./records.js";
import { generateSchedules } from "./schedules.js";
import { generateSubscriptions } from "./subscriptions.js";
import { generateUsers } from "./users.js";
import { generateWorkflows } from "./workflows.js";

/** Generates the dataset for a seed: same seed, same data (ids, names, dates, events). */
export function createDataset(seed = 1): Dataset {
  const g = startGeneration(seed);
  const subscriptions = generateSubscriptions(g);
  const users = generateUsers(g, subscriptions);
  const activeUsers = users.filter((u) => u.active);
  const userGroupIds = entityIds(g, DATASET_SIZES.userGroups);
  const credentialIds = entityIds(g, DATASET_SIZES.credentials);
  const workflows = generateWorkflows(g, activeUsers, subscriptions);
  const liveWorkflows = workflows.filter((w) => !w.isDeleted);
  const insights = generateInsights(g, activeUsers);
  const schedules = generateSchedules(g, liveWorkflows, users, activeUsers);
  const collections = generateCollections(g, {
    users,
    activeUsers,
    subscriptions,
    liveWorkflows,
    schedules,
    insights,
  });
  linkCollections(collections, workflows);
  const connections = generateDataConnections(g, activeUsers, userGroupIds);
  const jobs = generateJobs(g, workflows);
  const auditEvents = generateAuditLog(g, {
    workflows,
    users,
    entityIds: {
      Collection: collections.map((c) => c.id),
      Credential: credentialIds,
      Subscription: subscriptions.map((s) => s.id),
      User: users.map((u) => u.id),
      UserGroup: userGroupIds,
    },
  });
  return {
    seed,
    subscriptions,
    users,
    workflows,
    schedules,
    collections,
    insights,
    serverDataConnections: connections.server,
    systemDataConnections: connections.system,
    jobs,
    auditEvents,
    userGroupIds,
    credentialIds,
  };
}
