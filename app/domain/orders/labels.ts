import type { OrderStatus } from "../../../db/schema";

export const orderStatusLabels: Record<OrderStatus, string> = {
  draft: "Brouillon",
  issued: "Émis",
  closed: "Soldé",
  cancelled: "Annulé",
};

export const orderStatusSeverity: Record<OrderStatus, "info" | "success" | "new" | "error"> = {
  draft: "new",
  issued: "info",
  closed: "success",
  cancelled: "error",
};
