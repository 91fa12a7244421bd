/** Roles and the names they apply to. */
import { z } from 'zod';

/** Organisation-wide role of a user. */
export const orgRoleSchema = z.enum(['admin', 'security', 'developer', 'viewer']);
export type OrgRole = z.infer<typeof orgRoleSchema>;

/** A user's role inside one team. */
export const teamRoleSchema = z.enum(['developer', 'viewer']);
export type TeamRole = z.infer<typeof teamRoleSchema>;

/** A robot token's role inside its team: `ci` pushes to quarantine, `puller` pulls approved images (clusters). */
export const robotRoleSchema = z.enum(['ci', 'puller']);
export type RobotRole = z.infer<typeof robotRoleSchema>;

/** Team names become the first path component of approved repositories, so they must be valid components and not collide with the layout. */
export const RESERVED_TEAM_NAMES: ReadonlySet<string> = new Set(['quarantine', 'mirror', 'v2', 'api', 'auth', 'metrics', 'healthz', 'readyz']);
export const teamNameSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'team names are lowercase letters, digits and single dashes, e.g. payments or team-a')
  .max(63)
  .refine((name) => !RESERVED_TEAM_NAMES.has(name), { message: `is reserved (${[...RESERVED_TEAM_NAMES].join(', ')})` });

export const usernameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'usernames are 1–63 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit');

export const passwordSchema = z.string().min(12, 'passwords need at least 12 characters').max(1024);
