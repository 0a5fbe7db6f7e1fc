"""The partnerships API: agreements and their parties and documents, obligations and
deliveries, academic mobility."""

from ninja import Router

from qadam.agreements.api_mobility import router as mobility_router
from qadam.agreements.api_obligations import router as obligations_router
from qadam.agreements.api_register import router as register_router

router = Router(tags=["partnerships"])
router.add_router("", register_router)
router.add_router("", obligations_router)
router.add_router("", mobility_router)
