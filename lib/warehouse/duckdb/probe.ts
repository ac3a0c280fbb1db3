import { queryRows, withWarehouseReadOnly } from "./db";

/** Open the live warehouse file read-only and count its tables and views (for `storematch doctor`). */
export async function probeDuckDBWarehouse(file: string): Promise<{ relations: number }> {
  return withWarehouseReadOnly(file, async (c) => {
    const [row] = await queryRows<{ n: number }>(c, "select count(*) as n from information_schema.tables");
    return { relations: row?.n ?? 0 };
  });
}
