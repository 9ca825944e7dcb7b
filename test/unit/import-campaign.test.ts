// The CSV import's campaign column (lib/import-csv.ts, matchCampaign): which campaign a row's value
// names, which names are new, and which values are mistakes (docs/decisions.md, "Campaigns").
import { describe, expect, it } from "vitest";
import { matchCampaign } from "../../lib/import-csv";

const winter = { id: "cmwinter0000000000000000a", name: "Winter menu" };
const spring = { id: "cmspring0000000000000000a", name: "Spring" };
const SPRING = { id: "cmspring0000000000000000b", name: "SPRING" };

describe("matchCampaign", () => {
  it("finds a campaign by id, by its exact name, or by the one name that matches ignoring capitals", () => {
    expect(matchCampaign(winter.id, [winter])).toEqual({ campaign: winter });
    expect(matchCampaign("Winter menu", [winter])).toEqual({ campaign: winter });
    expect(matchCampaign("  winter MENU ", [winter])).toEqual({ campaign: winter });
  });

  it("an exact name wins over names that differ only in capitals; a name matching several only so is a problem", () => {
    expect(matchCampaign("SPRING", [spring, SPRING])).toEqual({ campaign: SPRING });
    expect(matchCampaign("spring", [spring, SPRING])).toEqual({ problem: expect.stringContaining("“Spring”, “SPRING”") });
  });

  it("another name is a campaign to create, spelt as written; an id of no campaign here is a problem", () => {
    expect(matchCampaign(" Rye week", [winter])).toEqual({ create: "Rye week" });
    // Shaped like Prisma's ids (c + 24 lower-case letters or digits): someone else's, or a typo.
    const foreign = `c${"x7".repeat(12)}`;
    expect(matchCampaign(foreign, [winter])).toEqual({ problem: expect.stringMatching(/^No campaign of this workspace has the id/) });
    expect(matchCampaign(`${foreign}9`, [winter])).toEqual({ create: `${foreign}9` });
  });
});
