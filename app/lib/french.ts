// French elision before a name or a word: "d'Octopus", "d'octobre 2026", "l'Atelier", but "de Mano", "le bon".
// One helper for every sentence the app builds around a name it does not know in advance. An "h" is left
// alone (aspirated or not cannot be told from the spelling: "de Hauts-de-Seine", "de l'habitat" are both French).
const VOWEL = /^[aeiouyàâäéèêëîïôöùûüÿæœ]/i;

export function startsWithVowel(word: string): boolean {
  return VOWEL.test(word.trim());
}

/** "de Mano", "d'Octopus", "d'octobre 2026" */
export function de(word: string): string {
  return startsWithVowel(word) ? `d'${word.trim()}` : `de ${word.trim()}`;
}

/** "le Ministère", "l'Atelier" (a masculine or feminine article: "la" is the caller's choice) */
export function le(word: string): string {
  return startsWithVowel(word) ? `l'${word.trim()}` : `le ${word.trim()}`;
}
