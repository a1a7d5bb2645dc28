// R18: a company's SIRET (14 digits: the SIREN, 9, then the establishment's number, 5), checked with the Luhn key
// as INSEE computes it. La Poste is the one exception: its establishments share the SIREN 356 000 000, whose
// SIRET cannot all satisfy Luhn; INSEE accepts theirs when the sum of their 14 digits is a multiple of 5 (the
// head office, 356 000 000 00048, satisfies Luhn itself).

export const LA_POSTE_SIREN = "356000000";

/** Luhn's check over a string of digits (from the right, every second digit doubled). */
export function luhnValid(digits: string): boolean {
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    total += d;
  }
  return total % 10 === 0;
}

/** The SIRET without spaces, or null when it is not 14 digits. */
export function normaliseSiret(value: string): string | null {
  const v = value.replace(/[\s\u00a0\u202f.]/g, "");
  return /^[0-9]{14}$/.test(v) ? v : null;
}

/** Why a SIRET is refused (French), or null when it is valid. */
export function siretError(value: string): string | null {
  const siret = normaliseSiret(value);
  if (!siret) return "Le SIRET compte 14 chiffres.";
  if (siret.startsWith(LA_POSTE_SIREN)) {
    const sum = [...siret].reduce((s, c) => s + Number(c), 0);
    return sum % 5 === 0 || luhnValid(siret) ? null : "Ce SIRET de La Poste n'est pas valide : vérifiez les chiffres saisis.";
  }
  if (!luhnValid(siret.slice(0, 9))) return "Le SIREN (les 9 premiers chiffres) n'est pas valide : vérifiez les chiffres saisis.";
  if (!luhnValid(siret)) return "Ce SIRET n'est pas valide (clé de contrôle) : vérifiez les chiffres saisis.";
  return null;
}

/**
 * A SIRET that passes the Luhn key (SIREN and SIRET), from a number: fictional, one per `n` and first digit (the
 * factories' buildCompany uses 7, the db tests 8, the e2e specs 6). For the seeds and the tests.
 */
export function fictionalSiret(n: number, first = "8"): string {
  const luhnDigit = (digits: string) => String([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((d) => luhnValid(digits + d)));
  const head = `${first}${String(n).padStart(7, "0")}`;
  const siren = head + luhnDigit(head);
  const body = `${siren}0001`;
  return body + luhnDigit(body);
}
