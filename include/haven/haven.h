/* haven: analysis of ion transport in electrolytes. One include for all. */
#ifndef HAVEN_H
#define HAVEN_H

#include "haven/core.h"
#include "haven/elements.h"
#include "haven/parallel.h"
#include "haven/kmc.h"
#include "haven/traj.h"
#include "haven/series.h"
#include "haven/msd.h"
#include "haven/diffusion.h"
#include "haven/transport.h"
#include "haven/arrhenius.h"
#include "haven/fit.h"
#include "haven/analysis.h"
#include "haven/eis.h"
#include "haven/kmc.h"
#include "haven/structure.h"
#include "haven/sites.h"
#include "haven/vanhove.h"
#include "haven/rotation.h"
#include "haven/regions.h"

#endif
