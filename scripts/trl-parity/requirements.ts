// Prints the export's requirements.txt (the pinned TRL stack), so CI installs exactly what the export pins.
import { REQUIREMENTS_TXT } from '../../src/engine/export/trl/templates/launch';

process.stdout.write(REQUIREMENTS_TXT);
