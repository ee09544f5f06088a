import "server-only";
import type { ApiCaller } from "@/lib/api/api-keys";
import type { ApiCustomer } from "@/lib/api/schemas";
import { recordCustomerRead } from "@/lib/audit/customer-reads";
import type { CustomerProfilePatch, PreferredChannel } from "./fields";
import { type CustomerRecord, findCustomer, lookUpCustomer, updateCustomerProfile } from "./profile";

// The REST API's view of customers: the record and the profile the team keeps, never their
// memories. Every read and write is scoped by the key's workspace; another workspace's
// customer answers 404 like an unknown id.

export function toApiCustomer(customer: CustomerRecord): ApiCustomer {
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    tier: customer.tier as ApiCustomer["tier"],
    company: customer.company,
    language: customer.language,
    timezone: customer.timezone,
    preferredChannel: customer.preferredChannel as PreferredChannel | null,
    products: customer.products,
    createdAt: customer.createdAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
  };
}

export async function getApiCustomer({ caller, customerId }: { caller: ApiCaller; customerId: string }): Promise<ApiCustomer> {
  const customer = await findCustomer({ workspaceId: caller.workspaceId, customerId });
  await recordCustomerRead({ workspaceId: caller.workspaceId, customerId: customer.id, reader: { apiKeyId: caller.keyId }, via: "api" });
  return toApiCustomer(customer);
}

export async function findApiCustomers({ caller, email }: { caller: ApiCaller; email: string }): Promise<{ customers: ApiCustomer[] }> {
  const customer = await lookUpCustomer({ workspaceId: caller.workspaceId, email });
  if (customer)
    await recordCustomerRead({ workspaceId: caller.workspaceId, customerId: customer.id, reader: { apiKeyId: caller.keyId }, via: "api" });
  return { customers: customer ? [toApiCustomer(customer)] : [] };
}

/** Changes profile fields for an integration, audited as the API key's. */
export async function patchApiCustomer({
  caller,
  customerId,
  patch,
}: {
  caller: ApiCaller;
  customerId: string;
  patch: CustomerProfilePatch;
}): Promise<ApiCustomer> {
  const { customer } = await updateCustomerProfile({
    workspaceId: caller.workspaceId,
    customerId,
    patch,
    by: { actorType: "api", customerId },
    audit: { apiKeyId: caller.keyId },
  });
  return toApiCustomer(customer);
}
