import profileJson from './data/confidentiality-profile.json';
import iodModulesJson from './data/iod-modules.json';
import safePrivateJson from './data/safe-private.json';
import sopClassesJson from './data/sop-classes.json';
import type {
  ConfidentialityProfileData,
  IodModulesData,
  SafePrivateData,
  SopClassesData,
} from './types';

/*
 * The generated data files, typed. JSON imports widen string unions to string, so each is
 * asserted to its declared shape here, in one place; the generator writes these files
 * from the same types and a spec checks every value against the unions.
 */
export const PROFILE_DATA = profileJson as unknown as ConfidentialityProfileData;
export const IOD_MODULES_DATA = iodModulesJson as unknown as IodModulesData;
export const SAFE_PRIVATE_DATA = safePrivateJson as unknown as SafePrivateData;
export const SOP_CLASSES_DATA = sopClassesJson as unknown as SopClassesData;
