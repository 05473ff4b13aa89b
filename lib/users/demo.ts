// The demo accounts the seed creates. Printed at start and listed in the README.
import type { Role } from "../auth/roles.ts";

export interface DemoAccount {
  email: string;
  password: string;
  name: string;
  role: Role;
}

export const DEMO_LEARNER: DemoAccount = {
  email: "learner@proofdeck.test",
  password: "learn-proofdeck-2026",
  name: "Demo Learner",
  role: "LEARNER",
};

export const DEMO_INSTRUCTOR: DemoAccount = {
  email: "instructor@proofdeck.test",
  password: "teach-proofdeck-2026",
  name: "Demo Instructor",
  role: "INSTRUCTOR",
};

export const DEMO_ACCOUNTS = [DEMO_LEARNER, DEMO_INSTRUCTOR] as const;
