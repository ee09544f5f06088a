"use server";

import { defineAction } from "@/lib/auth/action";
import { customerIdSchema } from "@/lib/privacy/admin";
import { eraseCustomer } from "@/lib/privacy/erasure";

/** Admins only: erases the customer (audited: the request and the tombstone name the admin). */
export const eraseCustomerAction = defineAction({ schema: customerIdSchema, role: "ADMIN" }, (input, actor) =>
  eraseCustomer({ actor, customerId: input.customerId }),
);
