/**
 * The Hyper-V encryption certificate (HV-05) travels as its own top-level property,
 * `hyperVEncryptionCertificate`. The engine marks a whole top-level property secret when any value
 * inside it is, so a certificate inside `hyperV` would hide the host and switch from reviewers in
 * `pulumi preview` and in state. `hyperV.encryptionCertificate` is still accepted and moved out.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ReprotectionPolicyArgs, ReprotectionPolicyInputs } from "./schema";

/** The top-level property that carries the certificate; always a secret. */
export const CERTIFICATE_PROPERTY = "hyperVEncryptionCertificate";

/** Where older programs put the certificate; failures about it never show the value. */
export const LEGACY_CERTIFICATE_PATH = "hyperV.encryptionCertificate";

/** The validated inputs with a certificate given inside `hyperV` moved to the top level. */
export function withCertificateLifted(inputs: ReprotectionPolicyInputs): ReprotectionPolicyInputs {
  const certificate = inputs.hyperV?.encryptionCertificate;
  if (inputs.hyperV === undefined || certificate === undefined) return inputs;
  const { encryptionCertificate: _moved, ...settings } = inputs.hyperV;
  return {
    ...inputs,
    hyperV: settings,
    [CERTIFICATE_PROPERTY]: inputs[CERTIFICATE_PROPERTY] ?? certificate,
  };
}

/**
 * The class's `hyperV` and certificate arguments, the certificate moved out of `hyperV` and
 * wrapped as a secret. A `hyperV` given as one Output (or Promise) cannot be split before it
 * resolves, so it keeps whatever secretness it has; the certificate is still carried apart.
 */
export function splitCertificateArgs(
  args: ReprotectionPolicyArgs,
): Pick<ReprotectionPolicyArgs, "hyperV" | "hyperVEncryptionCertificate"> {
  const given = args.hyperV;
  if (given === undefined) {
    return args.hyperVEncryptionCertificate === undefined
      ? {}
      : { hyperVEncryptionCertificate: pulumi.secret(args.hyperVEncryptionCertificate) };
  }
  if (pulumi.Output.isInstance(given) || given instanceof Promise) {
    const whole = pulumi.output(given);
    return {
      hyperV: whole.apply((settings) => {
        const { encryptionCertificate: _moved, ...rest } = settings ?? {};
        return rest;
      }),
      hyperVEncryptionCertificate: pulumi.secret(
        args.hyperVEncryptionCertificate ?? whole.apply((settings) => settings?.encryptionCertificate),
      ),
    };
  }
  const { encryptionCertificate, ...settings } = given;
  const certificate = args.hyperVEncryptionCertificate ?? encryptionCertificate;
  return {
    hyperV: settings,
    ...(certificate !== undefined ? { hyperVEncryptionCertificate: pulumi.secret(certificate) } : {}),
  };
}
