import { describe } from "vitest";
import { itMaps } from "../../tests/helpers/cases";
import { de, le } from "./french";

describe("French elision before a name: before a vowel, accented or capital, and nowhere else", () => {
  itMaps("de", de, [
    ["Octopus Numérique SAS", "d'Octopus Numérique SAS"],
    ["octobre 2026", "d'octobre 2026"],
    ["Économie", "d'Économie"],
    ["avril 2026", "d'avril 2026"],
    ["Ministères sociaux", "de Ministères sociaux"],
    ["Hauts-de-Seine", "de Hauts-de-Seine"],
    ["mars 2026", "de mars 2026"],
  ]);
  itMaps("le", le, [
    ["Atelier Numérique Public", "l'Atelier Numérique Public"],
    ["bon de commande", "le bon de commande"],
  ]);
});
