// What a user types to sign in and to set a password, shared by the forms (checked in the browser, Conform) and
// their actions (checked again): zod and messages only, no server code.
import { z } from "zod";

export const signInSchema = z.object({
  email: z
    .string({ error: "Saisissez votre adresse électronique." })
    .trim()
    .toLowerCase()
    .min(1, "Saisissez votre adresse électronique.")
    .max(254, "Adresse électronique trop longue.")
    .email("Saisissez une adresse électronique valide, par exemple nom@exemple.gouv.fr."),
  password: z.string({ error: "Saisissez votre mot de passe." }).min(1, "Saisissez votre mot de passe.").max(200, "Mot de passe trop long."),
  redirectTo: z.string().optional(),
});

/** The address typed: the sign-in form's field and messages. */
export const requestResetSchema = signInSchema.pick({ email: true });

export const RESET_LINK_INVALID =
  "Ce lien de réinitialisation n'est plus valable : il a déjà servi, a expiré (une heure) ou est incomplet. Demandez-en un nouveau.";

export const newPasswordSchema = z
  .object({
    token: z.string({ error: RESET_LINK_INVALID }).min(20, RESET_LINK_INVALID).max(200, RESET_LINK_INVALID),
    password: z
      .string({ error: "Choisissez un mot de passe." })
      .min(12, "Le mot de passe compte au moins 12 caractères.")
      .max(200, "Le mot de passe ne doit pas dépasser 200 caractères."),
    confirmation: z.string({ error: "Saisissez à nouveau le mot de passe." }),
  })
  .refine((v) => v.password === v.confirmation, { path: ["confirmation"], message: "Les deux mots de passe ne sont pas identiques." });

export const WRONG_CURRENT_PASSWORD = "Le mot de passe actuel n'est pas le bon : rien n'a été changé.";

export const changePasswordSchema = z
  .object({
    current: z.string({ error: "Saisissez votre mot de passe actuel." }).min(1, "Saisissez votre mot de passe actuel.").max(200, WRONG_CURRENT_PASSWORD),
    password: newPasswordSchema.shape.password,
    confirmation: newPasswordSchema.shape.confirmation,
  })
  .refine((v) => v.password === v.confirmation, { path: ["confirmation"], message: "Les deux mots de passe ne sont pas identiques." })
  .refine((v) => v.password !== v.current, { path: ["password"], message: "Choisissez un mot de passe différent de l'actuel." });
