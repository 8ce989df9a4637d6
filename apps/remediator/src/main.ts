import 'reflect-metadata';
import { serviceMain } from '@gantry/stages';

serviceMain('remediator');
