import "server-only";
import { getPrisma } from "@/lib/db";

/** The workspace's products: every product tag of its knowledge base articles still in use. */
export async function listProductCatalogue({ workspaceId }: { workspaceId: string }): Promise<string[]> {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<Array<{ product: string }>>`
    SELECT DISTINCT unnest(products) AS product FROM knowledge_articles WHERE workspace_id = ${workspaceId}::uuid AND status <> 'RETIRED' ORDER BY 1`;
  return rows.map((row) => row.product).filter((product) => product.trim().length > 0);
}
