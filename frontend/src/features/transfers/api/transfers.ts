// Transfer suggestions (GET /transfers): an item's excess moved from one warehouse to another
// that is short, when it arrives sooner than a purchase; quantities in the item's unit, BRL.
import type { Schemas } from "../../../api/client";

export type Transfer = Schemas["Transfer"];
